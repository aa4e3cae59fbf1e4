#include "engine_loop.hpp"

namespace kspan::daemon {

EngineLoop::EngineLoop(kspan::Engine& engine, RecordQueue& queue, std::chrono::milliseconds tick, EngineLoopHooks hooks)
    : engine_(engine), queue_(queue), tick_(tick), hooks_(std::move(hooks)) {
  engine_.begin_source("kubernetes");
}

void EngineLoop::take(Record& record) {
  engine_.push(record.text);
  if (record.initial_events && !clock_started_) {
    clock_started_ = true;
    tick();  // release the initial list now
    if (hooks_.on_initial_events) hooks_.on_initial_events();
  }
}

void EngineLoop::tick() {
  const int64_t now = hooks_.clock();
  if (clock_started_) engine_.advance_watermark(now);
  last_tick_ns_ = now;
  if (hooks_.on_tick) hooks_.on_tick();
}

void EngineLoop::run(const StopFlag& stop) {
  auto next_tick = std::chrono::steady_clock::now();
  while (!stop.requested()) {
    if (auto record = queue_.pop_until(next_tick)) take(*record);
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_tick) {
      tick();
      next_tick = now + tick_;
    }
  }
}

void EngineLoop::drain_and_finish() {
  while (auto record = queue_.try_pop()) take(*record);
  engine_.end_source();
  engine_.finish();
  if (hooks_.on_tick) hooks_.on_tick();
}

}  // namespace kspan::daemon
