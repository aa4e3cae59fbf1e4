// The order in which events reach the correlator (spec 1.2): second, owner depth of the
// involved object, time, resourceVersion, uid, count.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "correlator_types.hpp"
#include "whole_seconds.hpp"

namespace kspan {

struct OrderKey {
  int64_t second;
  int depth;
  int64_t effective_ns;
  uint64_t resource_version;
  std::string_view uid;  // the event's own, or a copy: the key lives no longer than its text
  int64_t count;

  // `depth`: the owner depth of the event's involved object.
  static OrderKey of(const RoutedEvent& routed, int depth) {
    const Event& e = routed.event;
    return OrderKey{floor_second(e.effective_ns), depth, e.effective_ns, e.resource_version, e.uid, count_or_zero(e)};
  }
  bool operator<(const OrderKey& o) const {
    return std::tie(second, depth, effective_ns, resource_version, uid, count) <
           std::tie(o.second, o.depth, o.effective_ns, o.resource_version, o.uid, o.count);
  }
};

}  // namespace kspan
