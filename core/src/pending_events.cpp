#include "pending_events.hpp"

#include <algorithm>
#include <array>
#include <cassert>

namespace kspan {

namespace {
std::array<ObjId, 4> objects_of(const RoutedEvent& event) {
  return {event.involved, event.object, event.actor, event.related};
}
}  // namespace

void PendingEvents::add(const RoutedEvent& event, int64_t expiry_ns, const std::vector<ObjId>& watched) {
  const uint64_t order = first_order_ + slots_.size();
  if (order < kYoung) {  // orders count from 0: the first kYoung fill young_ in turn
    assert(young_.size() == order);
    if (order == 0) young_.reserve(kYoung);  // address space only: pages are touched as slots fill
    young_.push_back(event);
  } else {
    // The event that was young kYoung events ago is packed, and its place taken.
    RoutedEvent& place = young_[order % kYoung];
    if (holds(order - kYoung)) {
      Entry& older = slots_[order - kYoung - first_order_];
      older.packed = arena_.add(packer_.pack(place));
      older.state = State::Packed;
    }
    place = event;
  }
  slots_.push_back(Entry{{}, State::Young, false, expiry_ns});
  ++held_;
  ExpiryBucket& bucket = by_expiry_[expiry_ns];
  bucket.orders.push_back(order);
  ++bucket.held;
  for (ObjId object : watched) waits_.add(object, order);
  if (waits_.size() >= sweep_at_) drop_stale_waits();
}

void PendingEvents::drop_stale_waits() {
  waits_.drop_unheld([this](uint64_t order) { return holds(order); });
  sweep_at_ = std::max<size_t>(4096, 2 * waits_.size());
}

uint64_t PendingEvents::first_held(ExpiryBucket& bucket) const {
  while (!holds(bucket.orders[bucket.next])) ++bucket.next;
  return bucket.orders[bucket.next];
}

const RoutedEvent* PendingEvents::take_expiring(int64_t moment) {
  auto it = by_expiry_.find(moment);
  if (it == by_expiry_.end()) return nullptr;
  return &take(first_held(it->second));
}

const RoutedEvent* PendingEvents::take_oldest() {
  if (by_expiry_.empty()) return nullptr;
  return &take(first_held(by_expiry_.begin()->second));
}

void PendingEvents::objects_in_use(std::vector<ObjId>& out) {
  for (size_t slot = head_; slot < slots_.size(); ++slot) {
    const Entry& entry = slots_[slot];
    if (entry.state == State::Taken) continue;
    const auto objects = entry.state == State::Packed ? EventPacker::objects_of(arena_.view(entry.packed))
                                                      : objects_of(young_[(first_order_ + slot) % kYoung]);
    for (ObjId id : objects)
      if (id != kNoObject) out.push_back(id);
  }
  drop_stale_waits();
  const std::vector<ObjId>& waited_on = waits_.objects();
  out.insert(out.end(), waited_on.begin(), waited_on.end());
}

// The events already emitted are dropped from the list while we are here, so it stays short.
void PendingEvents::changed(ObjId object) {
  settle_handed_out();
  waits_.visit(
      object, era_, [this](uint64_t order) { return holds(order); }, [this](uint64_t order) { queue_check(order); });
}

// The order handed out last is either taken (no longer held) or kept, and no longer queued:
// then a list it is on may hold an order that is not queued, and the era changes. (Asked in
// the middle of a check, this counts the order as kept: one list read more, never one less.)
void PendingEvents::settle_handed_out() {
  if (handed_out_ && holds(*handed_out_)) ++era_;
  handed_out_.reset();
}

void PendingEvents::queue_check(uint64_t order) {
  bool& queued = slots_[order - first_order_].queued;
  if (queued) return;
  queued = true;
  to_check_.push(order);
}

void PendingEvents::all_changed() {
  sweep_ = first_order_ + head_;
  sweep_end_ = first_order_ + slots_.size();
}

// The smaller of the sweep's next order and the first listed one (each once).
std::optional<uint64_t> PendingEvents::next_to_check() {
  settle_handed_out();
  for (;;) {
    const bool sweeping = sweep_ < sweep_end_;
    if (!sweeping && to_check_.empty()) return std::nullopt;
    uint64_t order;
    if (sweeping && (to_check_.empty() || sweep_ <= to_check_.top())) {
      order = sweep_++;
      if (!to_check_.empty() && to_check_.top() == order) to_check_.pop();
    } else {
      order = to_check_.top();
      to_check_.pop();
    }
    if (!holds(order)) continue;
    slots_[order - first_order_].queued = false;
    handed_out_ = order;
    return order;
  }
}

const RoutedEvent& PendingEvents::at(uint64_t order) {
  const Entry& slot = slots_[order - first_order_];
  if (slot.state == State::Young) return young_[order % kYoung];
  if (order != checked_order_) {
    packer_.unpack_into(arena_.view(slot.packed), checked_);
    checked_order_ = order;
  }
  return checked_;
}

// A taken young event stays in its slot until a new one is copied over it (no event is
// packed from a taken slot); a packed one is unpacked into `checked_` unless it is there.
const RoutedEvent& PendingEvents::take(uint64_t order) {
  const RoutedEvent& event = at(order);
  Entry& slot = slots_[order - first_order_];
  if (slot.state == State::Packed) {
    arena_.release(slot.packed);
    checked_order_ = UINT64_MAX;  // `checked_` is handed out; the order is not held any more
  }
  const auto bucket = by_expiry_.find(slot.expiry_ns);
  if (--bucket->second.held == 0) by_expiry_.erase(bucket);
  slot = Entry{};
  --held_;
  drop_taken_front();
  return event;
}

// Taken slots at the front are passed over, and dropped once they are half of the slots, so
// each slot is moved at most once on average.
void PendingEvents::drop_taken_front() {
  while (head_ < slots_.size() && slots_[head_].state == State::Taken) ++head_;
  if (head_ < 64 || 2 * head_ < slots_.size()) return;
  slots_.erase(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(head_));
  first_order_ += head_;
  head_ = 0;
  // After a burst (a million events may wait at once) the memory goes back.
  if (slots_.capacity() > 4096 && slots_.size() < slots_.capacity() / 4) slots_.shrink_to_fit();
}

}  // namespace kspan
