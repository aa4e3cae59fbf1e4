// SIGTERM and SIGINT as a stop request: blocked in every thread (call before starting any) and
// taken by one watcher thread, so the daemon shuts down in order instead of dying mid-write.
#pragma once
#include <atomic>
#include <thread>

#include "stop_flag.hpp"

namespace kspan::daemon {

class SignalWatcher {
 public:
  explicit SignalWatcher(StopFlag& stop);  // blocks the signals in the calling thread and its children
  ~SignalWatcher();

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace kspan::daemon
