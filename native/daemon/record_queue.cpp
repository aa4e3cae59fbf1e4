#include "record_queue.hpp"

namespace kspan::daemon {

RecordQueue::RecordQueue(size_t capacity, size_t max_bytes) : capacity_(capacity == 0 ? 1 : capacity), max_bytes_(max_bytes) {}

bool RecordQueue::push(Record record) {
  {
    std::unique_lock lock(mutex_);
    const size_t size = record.text.size();
    not_full_.wait(lock, [&] {
      return closed_ || records_.empty() || (records_.size() < capacity_ && bytes_ + size <= max_bytes_);
    });
    if (closed_) return false;
    bytes_ += size;
    records_.push_back(std::move(record));
  }
  not_empty_.notify_one();
  return true;
}

std::optional<Record> RecordQueue::pop_until(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  if (!not_empty_.wait_until(lock, deadline, [this] { return closed_ || !records_.empty(); })) return std::nullopt;
  if (records_.empty()) return std::nullopt;
  Record r = std::move(records_.front());
  records_.pop_front();
  bytes_ -= r.text.size();
  lock.unlock();
  not_full_.notify_one();
  return r;
}

std::optional<Record> RecordQueue::try_pop() { return pop_until(std::chrono::steady_clock::time_point::min()); }

void RecordQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  not_full_.notify_all();
  not_empty_.notify_all();
}

size_t RecordQueue::size() const {
  std::lock_guard lock(mutex_);
  return records_.size();
}

size_t RecordQueue::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace kspan::daemon
