// A stop request shared by the daemon's threads: set once (SIGTERM, lost leadership), seen by
// every loop; waits end as soon as it is set.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

namespace kspan::daemon {

class StopFlag {
 public:
  void request(const std::string& reason);
  bool requested() const { return flag_.load(); }
  const std::atomic<bool>& atomic() const { return flag_; }
  std::string reason() const;
  // Sleeps for duration unless stopped first; true when stopped.
  bool wait_for(std::chrono::nanoseconds duration) const;

 private:
  std::atomic<bool> flag_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::string reason_;
};

}  // namespace kspan::daemon
