// The knobs of correlation (spec section 8) and the resource settings (section 6).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kspan {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

struct Settings {
  int64_t window_ns = 5 * kNanosPerSecond;
  int64_t reorder_ns = 2 * kNanosPerSecond;
  int64_t expire_after_ns = 300 * kNanosPerSecond;
  int64_t max_trace_ns = 3600 * kNanosPerSecond;
  // Live mode processes records as they come through the reorder buffer;
  // replay (the default) reads everything first (spec 1.2).
  bool live = false;
  std::string cluster_name;
  // From OTEL_RESOURCE_ATTRIBUTES: added to every resource, never replacing
  // service.name or service.instance.id.
  std::vector<std::pair<std::string, std::string>> resource_attributes;
  // Instrumentation scope version.
  std::string version = "0.1.0";

  // Limits that keep memory and time bounded on pathological input (fuzz/README.md, "Limits").
  // The defaults are far above anything a cluster produces, so they never change the output
  // of a real dump; reaching one is counted under a named reason in Counters::limited, with
  // where, and never stops the core.
  //
  // Events waiting for a parent at once. At the limit the oldest (first to expire, in
  // processing order) is resolved now, as if its expiry moment had come: `pending-limit`.
  size_t max_pending_events = 1'000'000;
  // Objects held in the owner graph (observed or named). An observation that would add an
  // object past the limit is not kept, nor are ownerReferences that would add one
  // (`object-limit`); an event still gets a node for the objects its span is about. Live
  // mode first forgets what has expired.
  size_t max_objects = 4'000'000;
  // Distinct resources (reporting component and instance). Past the limit a span whose
  // resource would be new goes to one overflow resource, service.name `kspan-resource-limit`
  // (`resource-limit`).
  size_t max_resources = 100'000;
  // Owner links followed up from an object, for its depth in the order key and for the walk
  // up at expiry. Past the limit the depth counts as the limit and the walk synthesises the
  // root on the object reached (`owner-depth-limit`).
  size_t max_owner_depth = 1'000;
};

}  // namespace kspan
