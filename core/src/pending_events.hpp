// Events that have no parent yet (spec section 3), in processing order, indexed by what they
// wait for: an event can only find a parent when a span is stored under one of the objects it
// looks up (its object, its actor, or their owners), so only those are checked again.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "correlator_types.hpp"

namespace kspan {

class PendingEvents {
 public:
  void add(RoutedEvent&& event, int64_t expiry_ns, const std::vector<ObjId>& watched);
  bool empty() const { return events_.empty(); }
  size_t size() const { return events_.size(); }
  int64_t next_expiry() const { return by_expiry_.empty() ? INT64_MAX : by_expiry_.begin()->first; }
  // The first event (in processing order) whose expiry moment is `moment`.
  std::optional<RoutedEvent> take_expiring(int64_t moment);
  // The event that expires first (the first in processing order among those): for the
  // pending-events limit, which resolves it early.
  std::optional<RoutedEvent> take_oldest();

  // A span was stored under `object`: the events that look it up are checked again.
  void changed(ObjId object);
  // Knowledge changed (live mode): every event is checked again.
  void all_changed();
  // The first event to check again, in processing order; nullopt when none.
  std::optional<uint64_t> next_to_check();
  const RoutedEvent& at(uint64_t order) const { return events_.at(order).event; }
  RoutedEvent take(uint64_t order);

  // Live expiry: appends every object a pending event names or waits on (and drops the
  // waits of events already taken, which otherwise stay until their object changes).
  void objects_in_use(std::vector<ObjId>& out);

 private:
  struct Entry {
    RoutedEvent event;
    int64_t expiry_ns;
  };
  std::map<uint64_t, Entry> events_;
  std::set<std::pair<int64_t, uint64_t>> by_expiry_;
  std::unordered_map<ObjId, std::vector<uint64_t>> watchers_;
  std::set<uint64_t> to_check_;
  uint64_t next_order_ = 0;
  // Waits of taken events are dropped in one sweep each time the waits doubled (amortised).
  size_t waits_ = 0;
  size_t sweep_at_ = 4096;
  void drop_stale_waits();
};

}  // namespace kspan
