#include "reorder_buffer.hpp"

#include <algorithm>

#include "whole_seconds.hpp"

namespace kspan {

bool ReorderBuffer::is_new_live_occurrence(const Event& event) {
  if (!settings_.live) return true;
  if (processed_.add(event.uid, count_or_zero(event), floor_second(event.effective_ns))) return true;
  counters_.skip("duplicate-event", event.where, "occurrence already processed");
  return false;
}

void ReorderBuffer::add(RoutedEvent&& event) {
  if (settings_.live) add_live(std::move(event));
  else add_replay(std::move(event));
}

void ReorderBuffer::add_replay(RoutedEvent&& routed) {
  const Event& event = routed.event;
  const int64_t count = count_or_zero(event);
  const int64_t second = floor_second(event.effective_ns);
  Slot* slot = slot_of_.find(event.uid, count, [&](const Slot& kept) {
    const Event other = unpack(waiting_[kept.first][kept.second]).event;
    return other.uid == event.uid && count_or_zero(other) == count;
  });
  if (slot != nullptr) {
    Waiting& kept = waiting_[slot->first][slot->second];
    const bool newer = event.resource_version > kept.resource_version;
    counters_.skip("duplicate-event", newer ? unpack(kept).event.where : event.where,
                   "another record of event " + event.uid + " was kept");
    if (!newer) return;
    if (slot->first == second) {
      retire(kept);
      kept = wait(routed);
      return;
    }
    retire(kept);  // passed over at release
  } else {
    ++counters_.events;
  }
  auto& bucket = bucket_of(second);
  if (slot != nullptr) *slot = {second, bucket.size()};
  else slot_of_.add(event.uid, count, {second, bucket.size()});
  bucket.push_back(wait(routed));
}

void ReorderBuffer::add_live(RoutedEvent&& routed) {
  ++counters_.events;
  const int64_t second = floor_second(routed.event.effective_ns);
  if (second <= released_through_) {
    routed.event.late = true;
    ++counters_.late;
    hand_over(std::move(routed));
    return;
  }
  const std::optional<int64_t> observed = routed.event.observed_ns;
  waiting_[second].push_back(wait(routed));
  if (observed) advance_watermark(*observed);
}

void ReorderBuffer::advance_watermark(int64_t now_ns) {
  if (now_ns <= watermark_) return;
  watermark_ = now_ns;
  // Second s is released once the watermark passes s + 1 s + reorder.
  const int64_t last_second = floor_second(now_ns - settings_.reorder_ns - kNanosPerSecond - 1);
  release_through(last_second);
  // A second the watermark passed is released even when it was empty: later records for it are late.
  released_through_ = std::max(released_through_, last_second);
  correlator_.advance_clock(last_second * kNanosPerSecond);
  forget_old_occurrences();
}

// Live memory stays bounded: an occurrence older than expire_after behind the watermark is
// forgotten (a relist that old is bounded by --since instead).
void ReorderBuffer::forget_old_occurrences() {
  if (processed_.size() < prune_at_) return;  // amortised: a sweep only when the set doubled
  const int64_t horizon = floor_second(watermark_ - settings_.expire_after_ns - settings_.reorder_ns);
  processed_.forget_before(horizon);
  prune_at_ = std::max<size_t>(4096, 2 * processed_.size());
}

void ReorderBuffer::release_all() {
  // Nothing is added any more: the index goes first, and each second's slots as it is released,
  // so that memory falls while the correlator's spans in flight grow.
  slot_of_.clear();
  release_through(INT64_MAX);
}

// A List's records come in a locally shuffled order: the last second's bucket is often the next
// one's too, and a map lookup is a walk of cache misses over thousands of seconds.
std::vector<ReorderBuffer::Waiting>& ReorderBuffer::bucket_of(int64_t second) {
  if (last_bucket_ == nullptr || last_second_ != second) {
    last_bucket_ = &waiting_[second];
    last_second_ = second;
  }
  return *last_bucket_;
}

void ReorderBuffer::release_through(int64_t last_second) {
  last_bucket_ = nullptr;  // its bucket may go
  while (!waiting_.empty() && waiting_.begin()->first <= last_second) {
    auto node = waiting_.extract(waiting_.begin());
    released_through_ = std::max(released_through_, node.key());
    release(node.mapped());
  }
}

void ReorderBuffer::release(std::vector<Waiting>& waiting) {
  if (settings_.live) release_one_at_a_time(waiting);
  else release_unpacked(waiting);
}

// Replay: the batch and its order reuse the previous release's vectors: a second's batch of
// RoutedEvents (870 bytes each) is a large block, and glibc consolidates its small free blocks
// before each large request: once per released second, that took 2 to 4% of a replay. The events
// themselves are unpacked over the previous second's: the correlator reads an event it gives a
// span to without taking it (only a pending event is moved out), so their strings' buffers serve
// again. Each event is unpacked once.
void ReorderBuffer::release_unpacked(std::vector<Waiting>& waiting) {
  std::vector<RoutedEvent> batch = std::move(batch_scratch_);  // moved out: a nested release gets its own
  std::vector<std::pair<OrderKey, size_t>> order = std::move(order_scratch_);
  order.clear();
  size_t used = 0;
  for (Waiting& w : waiting) {
    if (w.packed.empty()) continue;
    if (used == batch.size()) batch.emplace_back();
    unpack_into(w, batch[used++]);
    retire(w);
  }
  order.reserve(used);
  for (size_t i = 0; i < used; ++i) order.push_back({OrderKey::of(batch[i], graph_.depth(batch[i].involved)), i});
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& entry : order) hand_over(std::move(batch[entry.second]));
  if (batch.size() > kKeptBatch) {  // after a busy second, the memory goes back
    batch.resize(kKeptBatch);
    batch.shrink_to_fit();
  }
  batch_scratch_ = std::move(batch);
  order_scratch_ = std::move(order);
}

// Live: a second's events are not unpacked side by side (880 bytes each and their strings: 14 MB
// a second at 10,000 events/s, at the daemon's peak). Each is unpacked into one reused event for
// its order key (its uid copied into one text), the keys are sorted, and each event is unpacked
// again, in that order, and handed over. Twice the unpacking, and no slower for it: `kspan convert
// --stream` of 280 MB of watch lines took 1.73 s of CPU against 1.78 s before (mean of 8 runs
// alternating the two, load 2 to 3), its peak RSS 46.5 MB against 49.7 MB.
void ReorderBuffer::release_one_at_a_time(std::vector<Waiting>& waiting) {
  std::vector<std::pair<OrderKey, size_t>> order = std::move(order_scratch_);  // a nested release gets its own
  std::vector<uint32_t> uid_sizes = std::move(uid_sizes_scratch_);
  std::string uids = std::move(uids_scratch_);
  RoutedEvent event = std::move(event_scratch_);
  order.clear();
  uid_sizes.clear();
  uids.clear();
  for (size_t i = 0; i < waiting.size(); ++i) {
    if (waiting[i].packed.empty()) continue;
    unpack_into(waiting[i], event);
    order.push_back({OrderKey::of(event, graph_.depth(event.involved)), i});
    order.back().first.uid = {};  // set below, once `uids` stops moving
    uid_sizes.push_back(static_cast<uint32_t>(event.event.uid.size()));
    uids += event.event.uid;
  }
  for (size_t i = 0, at = 0; i < order.size(); at += uid_sizes[i++]) order[i].first.uid = std::string_view(uids).substr(at, uid_sizes[i]);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& entry : order) {
    Waiting& w = waiting[entry.second];
    unpack_into(w, event);
    retire(w);
    hand_over(std::move(event));
  }
  if (order.capacity() > 16 * kKeptBatch) {  // after a burst, the memory goes back (1 MB kept)
    order = {};
    uid_sizes = {};
    uids = {};
  }
  order_scratch_ = std::move(order);
  uid_sizes_scratch_ = std::move(uid_sizes);
  uids_scratch_ = std::move(uids);
  event_scratch_ = std::move(event);
}

}  // namespace kspan
