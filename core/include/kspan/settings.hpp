// The knobs of correlation (spec section 8) and the resource settings (section 6).
#pragma once
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
};

}  // namespace kspan
