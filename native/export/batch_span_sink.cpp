#include "batch_span_sink.hpp"

#include <algorithm>

namespace kspan::exporter {

// Waits between retries, but not past a shutdown's deadline.
class BatchSpanSink::ShutdownWaiter : public Waiter {
 public:
  explicit ShutdownWaiter(BatchSpanSink& sink) : sink_(sink) {}
  bool wait_until(Clock::time_point when) override {
    std::unique_lock lock(sink_.mutex_);
    while (true) {
      auto now = Clock::now();
      if (now >= sink_.hard_deadline_) return false;
      if (now >= when) return true;
      sink_.work_.wait_until(lock, std::min(when, sink_.hard_deadline_));
    }
  }

 private:
  BatchSpanSink& sink_;
};

BatchSpanSink::BatchSpanSink(std::unique_ptr<SpanExporter> exporter, SinkOptions options)
    : exporter_(std::move(exporter)), options_(options) {
  options_.batch.max_batch_size = std::max<size_t>(1, options_.batch.max_batch_size);
  options_.batch.max_queue_size = std::max(options_.batch.max_queue_size, options_.batch.max_batch_size);
  worker_ = std::thread([this] { run(); });
}

BatchSpanSink::~BatchSpanSink() { shutdown(Clock::now() + options_.batch.export_timeout); }

// Sizes, not capacities: the same for the span handed in, its copy in the queue and the batch
// it is moved to, so the queue's count stays exact.
size_t queued_bytes(const Span& span) {
  size_t bytes = sizeof(QueuedSpan) + span.name.size() + span.status_message.size() +
                 span.attributes.size() * sizeof(Attribute) + span.links.size() * sizeof(Link);
  for (const Attribute& attribute : span.attributes)
    if (const auto* text = std::get_if<std::string>(&attribute.value)) bytes += text->size();
  return bytes;
}

void BatchSpanSink::on_span(const Span& span, const Resource& resource) {
  auto& shared = resources_[span.resource_index];
  if (!shared) shared = std::make_shared<const Resource>(resource);
  const size_t bytes = queued_bytes(span);
  std::unique_lock lock(mutex_);
  ++counters_.received;
  if (!stopping_ && !has_room(bytes)) {
    if (options_.when_full == WhenFull::kDrop) {
      ++counters_.dropped_queue_full;
      return;
    }
    work_.notify_all();  // a full queue is a due batch
    room_.wait(lock, [&] { return has_room(bytes) || stopping_; });
  }
  if (stopping_) {
    ++counters_.dropped_at_shutdown;
    return;
  }
  if (queue_.empty()) oldest_ = Clock::now();
  queue_.push_back(QueuedSpan{span, shared});
  queue_bytes_ += bytes;
  ++enqueued_;
  if (queue_.size() == 1 || queue_.size() >= options_.batch.max_batch_size) work_.notify_all();
}

bool BatchSpanSink::flush(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  uint64_t target = enqueued_;
  flush_until_ = std::max(flush_until_, target);
  work_.notify_all();
  return progress_.wait_until(lock, deadline, [&] { return completed_ >= target; });
}

bool BatchSpanSink::shutdown(Clock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      hard_deadline_ = deadline;
    }
  }
  work_.notify_all();
  room_.notify_all();
  // The worker ends by itself: queue empty, or the deadline passed and the rest was dropped.
  if (worker_.joinable()) worker_.join();
  std::lock_guard lock(mutex_);
  return counters_.dropped_at_shutdown == 0;
}

SinkCounters BatchSpanSink::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

bool BatchSpanSink::batch_due(Clock::time_point now) const {
  // A queue that holds half its bytes is due too: a full one must not wait for the delay.
  return queue_.size() >= options_.batch.max_batch_size || 2 * queue_bytes_ >= options_.batch.max_queue_bytes ||
         stopping_ || flush_until_ > completed_ ||
         now >= oldest_ + options_.batch.schedule_delay;
}

SpanBatch BatchSpanSink::take_batch() {
  size_t n = std::min(queue_.size(), options_.batch.max_batch_size);
  SpanBatch batch;
  batch.reserve(n);
  std::move(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n), std::back_inserter(batch));
  for (const QueuedSpan& queued : batch) queue_bytes_ -= queued_bytes(queued.span);
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
  // The rest waits its own delay from now: close enough, and never later than one delay.
  if (!queue_.empty()) oldest_ = Clock::now();
  return batch;
}

void BatchSpanSink::record(const BatchResult& result) {
  ++counters_.batches;
  counters_.attempts += static_cast<uint64_t>(result.attempts);
  counters_.accepted += static_cast<uint64_t>(result.accepted);
  counters_.rejected += static_cast<uint64_t>(result.rejected);
  counters_.failed += static_cast<uint64_t>(result.failed);
  if (result.rejected > 0 && counters_.first_rejection.empty())
    counters_.first_rejection = result.message.empty() ? "no reason given" : result.message;
  if (result.failed > 0) {
    failed_once_ = true;
    if (counters_.first_failure.empty()) counters_.first_failure = result.message;
  }
}

void BatchSpanSink::drop_queue_at_shutdown() {
  counters_.dropped_at_shutdown += queue_.size();
  completed_ += queue_.size();
  queue_.clear();
  queue_bytes_ = 0;
}

void BatchSpanSink::run() {
  ShutdownWaiter waiter(*this);
  std::unique_lock lock(mutex_);
  while (true) {
    auto now = Clock::now();
    if (stopping_ && now >= hard_deadline_) {
      drop_queue_at_shutdown();
      break;
    }
    if (queue_.empty()) {
      if (stopping_) break;
      work_.wait(lock);
      continue;
    }
    if (!batch_due(now)) {
      work_.wait_until(lock, oldest_ + options_.batch.schedule_delay);
      continue;
    }
    SpanBatch batch = take_batch();
    room_.notify_all();
    bool abandon = failed_once_ && options_.stop_after_failure;
    auto deadline = std::min(now + options_.batch.export_timeout, hard_deadline_);
    BatchResult result;
    if (!abandon) {
      lock.unlock();
      try {
        result = exporter_->export_batch(batch, deadline, waiter);
      } catch (const std::exception& e) {  // e.g. out of memory while encoding: this batch only
        result = BatchResult{0, 0, static_cast<int64_t>(batch.size()), 0, e.what()};
      }
      lock.lock();
      record(result);
    } else {
      counters_.abandoned += batch.size();
    }
    completed_ += batch.size();
    progress_.notify_all();
  }
  progress_.notify_all();
  room_.notify_all();
}

}  // namespace kspan::exporter
