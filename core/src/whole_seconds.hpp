// Event time in whole seconds: the unit Kubernetes truncates to and the order key uses.
#pragma once
#include <cstdint>

#include "kspan/settings.hpp"

namespace kspan {

// The second containing `ns` (rounding down, also before 1970).
inline int64_t floor_second(int64_t ns) {
  int64_t seconds = ns / kNanosPerSecond;
  if (ns % kNanosPerSecond < 0) --seconds;
  return seconds;
}

}  // namespace kspan
