// Records handed from the watch threads to the one thread that owns the Engine (or writes the
// recording). Bounded in records and in bytes (a record is one watch line of a kilobyte or a
// whole list of many megabytes): a full queue makes the watches wait, which slows their reading
// of the API server instead of growing memory. A record larger than the byte budget still goes
// in alone, once the queue is empty. Closing it releases every waiting producer.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace kspan::daemon {

struct Record {
  std::string text;           // one or more JSON lines, each ending in '\n'
  size_t lines = 1;
  bool events = false;        // Event records (else object metadata)
  bool initial_events = false;  // the initial Event list: the watermark starts after it
};

class RecordQueue {
 public:
  explicit RecordQueue(size_t capacity = 4096, size_t max_bytes = 16 << 20);

  // Waits while full; false when the queue was closed (the record is dropped).
  bool push(Record record);
  // The next record, or nothing when the deadline passed (or the queue is closed and empty).
  std::optional<Record> pop_until(std::chrono::steady_clock::time_point deadline);
  std::optional<Record> try_pop();
  // No more pushes; what is queued can still be taken.
  void close();
  size_t size() const;
  size_t bytes() const;  // of the records' text

 private:
  size_t capacity_;
  size_t max_bytes_;
  size_t bytes_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Record> records_;
  bool closed_ = false;
};

}  // namespace kspan::daemon
