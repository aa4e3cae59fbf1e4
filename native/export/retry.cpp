#include "retry.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace kspan::exporter {
namespace {

std::string seconds_text(std::chrono::milliseconds wait) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3gs", static_cast<double>(wait.count()) / 1000.0);
  return text;
}

double default_jitter() {
  thread_local std::mt19937 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempts_made, double jitter) {
  double delay = static_cast<double>(policy.initial_backoff.count()) * std::pow(policy.multiplier, attempts_made - 1);
  delay = std::min(delay, static_cast<double>(policy.max_backoff.count()));
  return std::chrono::milliseconds(static_cast<int64_t>(delay * (0.5 + 0.5 * jitter)));
}

RetryOutcome deliver_with_retry(const std::function<AttemptResult(Clock::time_point deadline)>& attempt,
                                Clock::time_point deadline, RetryContext& context) {
  RetryOutcome outcome;
  const int max_attempts = std::max(1, context.policy.max_attempts);
  while (true) {
    outcome.last = attempt(deadline);
    ++outcome.attempts;
    if (outcome.last.kind != AttemptResult::Kind::kRetryable || outcome.attempts >= max_attempts) return outcome;

    double jitter = context.jitter ? context.jitter() : default_jitter();
    auto wait = outcome.last.retry_after.value_or(backoff_delay(context.policy, outcome.attempts, jitter));
    auto next = context.now() + wait;
    if (next >= deadline) {
      outcome.last.message += "; the next attempt (in " + seconds_text(wait) + ") would pass the export deadline";
      outcome.gave_up_early = true;
      return outcome;
    }
    if (context.waiter && !context.waiter->wait_until(next)) {
      outcome.last.message += "; shutting down";
      outcome.gave_up_early = true;
      return outcome;
    }
  }
}

}  // namespace kspan::exporter

#include "span_exporter.hpp"

namespace kspan::exporter {

BatchResult summarize(const RetryOutcome& outcome, int64_t span_count) {
  BatchResult result;
  result.attempts = outcome.attempts;
  result.message = outcome.last.message;
  if (outcome.last.kind == AttemptResult::Kind::kAccepted) {
    result.rejected = std::clamp<int64_t>(outcome.last.rejected_spans, 0, span_count);
    result.accepted = span_count - result.rejected;
    return result;
  }
  result.failed = span_count;
  if (outcome.attempts > 1) result.message += " (" + std::to_string(outcome.attempts) + " attempts)";
  return result;
}

}  // namespace kspan::exporter
