// Sending a batch again after retryable failures: exponential backoff with jitter, or the
// receiver's own delay when it gives one, never past the batch's deadline.
#pragma once
#include <chrono>
#include <functional>

#include "export_config.hpp"
#include "export_result.hpp"

namespace kspan::exporter {

using Clock = std::chrono::steady_clock;

// Waits between attempts. The batch sink's waiter wakes up early at a hard shutdown.
class Waiter {
 public:
  virtual ~Waiter() = default;
  // False when woken up early: give up now.
  virtual bool wait_until(Clock::time_point when) = 0;
};

struct RetryOutcome {
  AttemptResult last;
  int attempts = 0;
  bool gave_up_early = false;  // stopped by the deadline or a shutdown, not by the attempt limit
};

struct RetryContext {
  RetryPolicy policy;
  Waiter* waiter = nullptr;
  std::function<Clock::time_point()> now = [] { return Clock::now(); };
  std::function<double()> jitter;  // uniform in [0, 1); a seeded generator when empty
};

// attempt receives the deadline of the whole delivery, which bounds each try.
RetryOutcome deliver_with_retry(const std::function<AttemptResult(Clock::time_point deadline)>& attempt,
                                Clock::time_point deadline, RetryContext& context);

// The wait before attempt n+1 (n >= 1) without the receiver's advice: initial * multiplier^(n-1),
// capped, then scaled into [1/2, 1] by jitter so that many clients do not retry in step.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempts_made, double jitter);

}  // namespace kspan::exporter
