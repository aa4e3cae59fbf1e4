#include "backoff.hpp"

#include <algorithm>

namespace kspan::daemon {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max, uint64_t seed)
    : initial_(initial), max_(std::max(initial, max)), random_(seed) {}

std::chrono::milliseconds Backoff::next() {
  int64_t d = initial_.count();
  for (int i = 0; i < attempt_ && d < max_.count(); ++i) d *= 2;
  d = std::min<int64_t>(d, max_.count());
  ++attempt_;
  std::uniform_int_distribution<int64_t> jitter(d / 2, d);
  return std::chrono::milliseconds(jitter(random_));
}

}  // namespace kspan::daemon
