// The SpanSink that exports: the engine's thread enqueues into a bounded queue, one worker
// thread cuts batches (by size or after a delay) and hands them to a SpanExporter.
// Every span handed in ends up in exactly one counter: accepted, rejected by the receiver,
// failed, dropped because the queue was full, abandoned, or dropped at shutdown.
// Shared by `kspan replay` (block when full, stop after a failure) and the future daemon
// (drop when full, keep going).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "export_config.hpp"
#include "span_exporter.hpp"

namespace kspan::exporter {

struct SinkCounters {
  uint64_t received = 0;            // spans handed to the sink
  uint64_t accepted = 0;            // acknowledged by the receiver
  uint64_t rejected = 0;            // acknowledged but refused (partial success); never retried
  uint64_t failed = 0;              // delivery failed: refused, unreachable, out of attempts or time
  uint64_t dropped_queue_full = 0;  // WhenFull::kDrop and no room
  uint64_t abandoned = 0;           // not sent, because an earlier batch failed (stop_after_failure)
  uint64_t dropped_at_shutdown = 0; // still queued, or handed in, after shutdown
  uint64_t batches = 0;
  uint64_t attempts = 0;
  std::string first_failure;        // the first reason of each kind, for the user
  std::string first_rejection;

  uint64_t not_delivered() const {
    return rejected + failed + dropped_queue_full + abandoned + dropped_at_shutdown;
  }
  uint64_t handled() const { return accepted + not_delivered(); }
};

enum class WhenFull { kBlock, kDrop };

struct SinkOptions {
  BatchPolicy batch;
  WhenFull when_full = WhenFull::kDrop;
  // Replay: once a batch could not be delivered, do not make the user wait for the others.
  bool stop_after_failure = false;
};

class BatchSpanSink : public SpanSink {
 public:
  BatchSpanSink(std::unique_ptr<SpanExporter> exporter, SinkOptions options);
  ~BatchSpanSink() override;  // shuts down with the export timeout as the deadline
  BatchSpanSink(const BatchSpanSink&) = delete;
  BatchSpanSink& operator=(const BatchSpanSink&) = delete;

  // From one thread (the engine's). Assumes a resource index always names the same resource.
  void on_span(const Span& span, const Resource& resource) override;

  // Sends what is queued now; true when all of it was handled before the deadline.
  bool flush(Clock::time_point deadline);
  // Flushes, then stops the worker; what is left at the deadline is dropped and counted.
  // True when nothing was left. Later spans are counted as dropped at shutdown.
  bool shutdown(Clock::time_point deadline);

  SinkCounters counters() const;

 private:
  class ShutdownWaiter;
  void run();
  bool batch_due(Clock::time_point now) const;
  SpanBatch take_batch();
  void record(const BatchResult& result);
  void drop_queue_at_shutdown();

  std::unique_ptr<SpanExporter> exporter_;
  SinkOptions options_;
  std::unordered_map<uint32_t, std::shared_ptr<const Resource>> resources_;  // engine thread only

  mutable std::mutex mutex_;
  std::condition_variable work_;      // worker: spans, flush or shutdown
  std::condition_variable room_;      // producer: the queue has room
  std::condition_variable progress_;  // flush/shutdown: spans were handled
  std::deque<QueuedSpan> queue_;
  size_t queue_bytes_ = 0;            // queued_bytes of the spans in queue_
  bool has_room(size_t bytes) const {
    return queue_.size() < options_.batch.max_queue_size &&
           (queue_.empty() || queue_bytes_ + bytes <= options_.batch.max_queue_bytes);
  }
  Clock::time_point oldest_;          // when the oldest queued span arrived
  uint64_t enqueued_ = 0;             // spans put in the queue, ever
  uint64_t completed_ = 0;            // of those, handled by the worker
  uint64_t flush_until_ = 0;          // send at once until this many were handled
  bool stopping_ = false;
  bool failed_once_ = false;
  Clock::time_point hard_deadline_ = Clock::time_point::max();
  SinkCounters counters_;
  std::thread worker_;
};

}  // namespace kspan::exporter
