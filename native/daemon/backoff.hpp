// Waits between reconnects: exponential (x2 from initial up to max) with full jitter in the upper
// half, so that many daemons (or watches) do not come back at once. reset() after a success.
#pragma once
#include <chrono>
#include <cstdint>
#include <random>

namespace kspan::daemon {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max, uint64_t seed = std::random_device{}());
  std::chrono::milliseconds next();  // in [d/2, d] where d doubles each time up to max
  void reset() { attempt_ = 0; }
  int attempts() const { return attempt_; }

 private:
  std::chrono::milliseconds initial_, max_;
  int attempt_ = 0;
  std::mt19937_64 random_;
};

}  // namespace kspan::daemon
