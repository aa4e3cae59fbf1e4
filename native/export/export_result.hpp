// The outcome of one attempt to deliver a batch, in terms every transport can express,
// so that retry decisions do not depend on the transport.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace kspan::exporter {

struct AttemptResult {
  enum class Kind {
    kAccepted,   // the receiver took the batch (perhaps rejecting some spans: partial success)
    kRetryable,  // worth sending the same batch again
    kPermanent,  // sending it again would fail the same way
  };
  Kind kind = Kind::kPermanent;
  // Partial success: spans the receiver acknowledged but refused; never retried.
  int64_t rejected_spans = 0;
  // Why it failed, or the receiver's explanation of a partial success.
  std::string message;
  // The receiver's own wait (Retry-After, gRPC RetryInfo), which replaces the backoff.
  std::optional<std::chrono::milliseconds> retry_after;

  static AttemptResult accepted(int64_t rejected = 0, std::string message = {}) {
    return {Kind::kAccepted, rejected, std::move(message), std::nullopt};
  }
  static AttemptResult retryable(std::string message, std::optional<std::chrono::milliseconds> after = {}) {
    return {Kind::kRetryable, 0, std::move(message), after};
  }
  static AttemptResult permanent(std::string message) { return {Kind::kPermanent, 0, std::move(message), std::nullopt}; }
};

// The outcome of delivering one batch, retries included.
struct BatchResult {
  int64_t accepted = 0;  // arrived and kept
  int64_t rejected = 0;  // arrived, refused by partial success
  int64_t failed = 0;    // did not arrive
  int attempts = 0;
  std::string message;   // why spans were rejected or failed
};

}  // namespace kspan::exporter
