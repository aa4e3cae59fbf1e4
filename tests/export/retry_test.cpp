#include <catch2/catch.hpp>

#include "fakes.hpp"
#include "span_exporter.hpp"

using namespace kspan::exporter;
using std::chrono::milliseconds;
using Kind = AttemptResult::Kind;

namespace {

// Attempts that answer from a list, then accept.
auto scripted(std::vector<AttemptResult> results, int& calls) {
  return [results, &calls](Clock::time_point) {
    return calls < static_cast<int>(results.size()) ? results[calls++] : (++calls, AttemptResult::accepted());
  };
}

}  // namespace

TEST_CASE("backoff grows by the multiplier up to the cap; jitter scales into [1/2, 1]", "[retry]") {
  RetryPolicy p;  // 1s, x1.5, cap 5s
  CHECK(backoff_delay(p, 1, 1.0) == milliseconds(1000));
  CHECK(backoff_delay(p, 2, 1.0) == milliseconds(1500));
  CHECK(backoff_delay(p, 3, 1.0) == milliseconds(2250));
  CHECK(backoff_delay(p, 10, 1.0) == milliseconds(5000));
  CHECK(backoff_delay(p, 1, 0.0) == milliseconds(500));
}

TEST_CASE("retryable failures are retried until accepted", "[retry]") {
  test::FakeTime time;
  auto context = time.context(RetryPolicy{});
  int calls = 0;
  auto outcome = deliver_with_retry(
      scripted({AttemptResult::retryable("503"), AttemptResult::retryable("503")}, calls),
      time.now() + std::chrono::minutes(1), context);
  CHECK(outcome.last.kind == Kind::kAccepted);
  CHECK(outcome.attempts == 3);
  CHECK(time.waits == std::vector<milliseconds>{milliseconds(1000), milliseconds(1500)});
}

TEST_CASE("the receiver's delay replaces the backoff", "[retry]") {
  test::FakeTime time;
  auto context = time.context(RetryPolicy{});
  int calls = 0;
  auto outcome = deliver_with_retry(scripted({AttemptResult::retryable("429", milliseconds(7000))}, calls),
                                    time.now() + std::chrono::minutes(1), context);
  CHECK(outcome.attempts == 2);
  CHECK(time.waits == std::vector<milliseconds>{milliseconds(7000)});
}

TEST_CASE("permanent failures and partial successes are not retried", "[retry]") {
  test::FakeTime time;
  auto context = time.context(RetryPolicy{});
  int calls = 0;
  CHECK(deliver_with_retry(scripted({AttemptResult::permanent("400")}, calls), time.now() + milliseconds(1), context)
            .attempts == 1);
  calls = 0;
  auto partial = deliver_with_retry(scripted({AttemptResult::accepted(3, "bad")}, calls), time.now() + milliseconds(1),
                                    context);
  CHECK(partial.attempts == 1);
  CHECK(partial.last.rejected_spans == 3);
  CHECK(time.waits.empty());
}

TEST_CASE("attempts are limited", "[retry]") {
  test::FakeTime time;
  RetryPolicy policy;
  policy.max_attempts = 3;
  auto context = time.context(policy);
  int calls = 0;
  std::vector<AttemptResult> down(10, AttemptResult::retryable("UNAVAILABLE"));
  auto outcome = deliver_with_retry(scripted(down, calls), time.now() + std::chrono::hours(1), context);
  CHECK(outcome.attempts == 3);
  CHECK(outcome.last.kind == Kind::kRetryable);
  CHECK_FALSE(outcome.gave_up_early);
}

TEST_CASE("no wait goes past the deadline", "[retry]") {
  test::FakeTime time;
  auto context = time.context(RetryPolicy{});
  int calls = 0;
  auto outcome = deliver_with_retry(scripted({AttemptResult::retryable("503", milliseconds(60000))}, calls),
                                    time.now() + milliseconds(30000), context);
  CHECK(outcome.attempts == 1);
  CHECK(outcome.gave_up_early);
  CHECK_THAT(outcome.last.message, Catch::Contains("would pass the export deadline"));
  CHECK(time.waits.empty());
}

TEST_CASE("a failed delivery says how many attempts it took", "[retry]") {
  RetryOutcome outcome{AttemptResult::retryable("gRPC UNAVAILABLE"), 5, false};
  auto result = summarize(outcome, 10);
  CHECK(result.failed == 10);
  CHECK(result.message == "gRPC UNAVAILABLE (5 attempts)");
  auto partial = summarize(RetryOutcome{AttemptResult::accepted(4, "x"), 1, false}, 10);
  CHECK(partial.accepted == 6);
  CHECK(partial.rejected == 4);
}
