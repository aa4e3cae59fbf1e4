// When open spans are due to be checked for finality, earliest first. Deadlines nearly always
// come in order (events are processed in time order, and a deadline is an end plus a fixed
// margin), so those wait in a FIFO at O(1) each; only the few that come before the last one
// queued go to a heap. Pops give exactly the order of a single heap.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <tuple>
#include <vector>

#include "recent_store.hpp"  // SpanIdx

namespace kspan {

struct DueEntry {
  int64_t when;
  SpanIdx idx;
  uint64_t generation;  // 64 bits: a daemon never wraps it
  // Creation order breaks ties, so slot reuse never changes the order spans are handed over.
  bool operator>(const DueEntry& o) const { return std::tie(when, generation) > std::tie(o.when, o.generation); }
};

class DueQueue {
 public:
  bool empty() const { return in_order_.empty() && out_of_order_.empty(); }
  void push(const DueEntry& entry) {
    if (in_order_.empty() || !(in_order_.back() > entry)) in_order_.push_back(entry);
    else out_of_order_.push(entry);
  }
  const DueEntry& top() const { return heap_first() ? out_of_order_.top() : in_order_.front(); }
  void pop() {
    if (heap_first()) out_of_order_.pop();
    else in_order_.pop_front();
  }

 private:
  bool heap_first() const {
    return in_order_.empty() || (!out_of_order_.empty() && in_order_.front() > out_of_order_.top());
  }
  std::deque<DueEntry> in_order_;  // sorted by construction
  std::priority_queue<DueEntry, std::vector<DueEntry>, std::greater<DueEntry>> out_of_order_;
};

}  // namespace kspan
