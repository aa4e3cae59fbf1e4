// Events that have no parent yet (spec section 3), in processing order, indexed by what they
// wait for: an event can only find a parent when a span is stored under one of the objects it
// looks up (its object, its actor, or their owners), so only those are checked again.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <queue>
#include <vector>

#include "correlator_types.hpp"
#include "object_waits.hpp"
#include "packed_arena.hpp"
#include "packed_event.hpp"

namespace kspan {

class PendingEvents {
 public:
  // Copies the event: into a young slot whose strings' buffers serve again, so a steady
  // stream of pending events allocates next to nothing.
  void add(const RoutedEvent& event, int64_t expiry_ns, const std::vector<ObjId>& watched);
  bool empty() const { return held_ == 0; }
  size_t size() const { return held_; }
  int64_t next_expiry() const { return by_expiry_.empty() ? INT64_MAX : by_expiry_.begin()->first; }
  // Taking an event hands it out by reference, valid until the next call of add, at or take:
  // the correlator only reads it, and its buffers serve the next event.
  // The first event (in processing order) whose expiry moment is `moment`; nullptr when none.
  const RoutedEvent* take_expiring(int64_t moment);
  // The event that expires first (the first in processing order among those): for the
  // pending-events limit, which resolves it early; nullptr when none.
  const RoutedEvent* take_oldest();

  // A span was stored under `object`: the events that look it up are checked again.
  void changed(ObjId object);
  // Knowledge changed (live mode): every event is checked again.
  void all_changed();
  // The first event to check again, in processing order; nullopt when none.
  std::optional<uint64_t> next_to_check();
  // Valid until the next call of add, at or take.
  const RoutedEvent& at(uint64_t order);
  const RoutedEvent& take(uint64_t order);

  // How many changes read their object's list of waiting events (for tests).
  uint64_t lists_read() const { return waits_.lists_read(); }

  // Live expiry: appends every object a pending event names or waits on (and drops the
  // waits of events already taken, which otherwise stay until their object changes).
  void objects_in_use(std::vector<ObjId>& out);

 private:
  // The newest kYoung events wait as they came; older ones wait packed (a few hundred bytes
  // instead of an 880-byte struct and its strings' buffers). Replay resolves nearly every
  // pending event within a few hundred events, so it packs next to none; live mode holds each
  // for its window (some 60,000 at 10,000 events/s), nearly all of them packed.
  static constexpr size_t kYoung = 1024;
  enum class State : uint8_t { Taken, Young, Packed };
  struct Entry {
    PackedArena::Ref packed;
    State state = State::Taken;
    bool queued = false;  // in to_check_
    int64_t expiry_ns = 0;
  };
  // Events by processing order, slot `order - first_order_`. A taken event leaves its slot
  // empty until the older ones are taken too: every pending event expires within a window, so
  // the slots span a few seconds of events.
  std::vector<Entry> slots_;
  uint64_t first_order_ = 0;
  size_t head_ = 0;  // slots before it are taken and wait to be dropped in one go
  size_t held_ = 0;
  bool holds(uint64_t order) const {
    return order >= first_order_ + head_ && order < first_order_ + slots_.size() &&
           slots_[order - first_order_].state != State::Taken;
  }
  void drop_taken_front();
  // The events of each expiry moment, in processing order. Taken ones are passed over (a
  // moment's bucket goes once it holds none): 8 bytes an event instead of a tree node each.
  struct ExpiryBucket {
    std::vector<uint64_t> orders;
    size_t next = 0;  // orders before it are taken
    size_t held = 0;
  };
  std::map<int64_t, ExpiryBucket> by_expiry_;
  uint64_t first_held(ExpiryBucket& bucket) const;
  ObjectWaits waits_;
  // Orders to check again, smallest first; each once (Entry::queued). A taken order stays until
  // it comes up, and is passed over then.
  std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<>> to_check_;
  void queue_check(uint64_t order);
  // A change of an object re-reads its list only when that can queue something: after a visit
  // every held order on the list is queued, and stays so until it is handed out by
  // next_to_check. An order handed out and then kept (its check found no parent) starts a new
  // era. Without this, each span stored under an object with N events pending on it read all
  // N again (55,000 events on one Pod: 34 s).
  uint64_t era_ = 0;
  std::optional<uint64_t> handed_out_;  // the order next_to_check returned last
  void settle_handed_out();
  // all_changed's checks: every order in [sweep_, sweep_end_), without listing them one by one
  // (live mode checks all of its some 60,000 pending events again every second).
  uint64_t sweep_ = 0;
  uint64_t sweep_end_ = 0;
  // Waits of taken events are dropped in one sweep each time the waits doubled (amortised).
  size_t sweep_at_ = 4096;
  void drop_stale_waits();

  // Young events, event `order` at young_[order % kYoung]; grown as the first ones come (a
  // correlator that holds few pending events, as the viewer's, never needs 0.9 MB of slots).
  std::vector<RoutedEvent> young_;
  EventPacker packer_;
  PackedArena arena_;
  // The packed event `at` or `take` unpacked last (take hands it out without unpacking it again).
  RoutedEvent checked_;
  uint64_t checked_order_ = UINT64_MAX;
};

}  // namespace kspan
