// The one thread that owns the Engine (the core is not thread-safe): records from the queue are
// pushed as they come, and every tick the host's clock is fed as the watermark. The watermark
// starts only once the initial Event list is in, so that list is released in the order key
// instead of arriving late.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "kspan/engine.hpp"
#include "metrics.hpp"
#include "record_queue.hpp"
#include "stop_flag.hpp"

namespace kspan::daemon {

struct EngineLoopHooks {
  std::function<int64_t()> clock;          // the watermark's source: the host's clock
  std::function<void()> on_tick;           // metrics, every tick, on the engine thread
  std::function<void()> on_initial_events; // the initial list is in: ready
};

class EngineLoop {
 public:
  EngineLoop(kspan::Engine& engine, RecordQueue& queue, std::chrono::milliseconds tick, EngineLoopHooks hooks);

  // Until stop is requested.
  void run(const StopFlag& stop);
  // After the watches stopped: what is still queued, then every pending event resolved.
  void drain_and_finish();
  int64_t last_tick_ns() const { return last_tick_ns_.load(); }

 private:
  void take(Record& record);
  void tick();

  kspan::Engine& engine_;
  RecordQueue& queue_;
  std::chrono::milliseconds tick_;
  EngineLoopHooks hooks_;
  bool clock_started_ = false;
  std::atomic<int64_t> last_tick_ns_{0};
};

}  // namespace kspan::daemon
