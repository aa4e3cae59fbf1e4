// The exporter contract: deliver one batch, retries included, within a deadline.
// Called by one thread at a time (the batch sink's worker); blocks until the batch is
// accepted, refused or out of time. The encoders and transports behind it are separate.
#pragma once
#include <string>

#include "export_result.hpp"
#include "retry.hpp"
#include "span_batch.hpp"

namespace kspan::exporter {

class SpanExporter {
 public:
  virtual ~SpanExporter() = default;
  virtual BatchResult export_batch(const SpanBatch& batch, Clock::time_point deadline, Waiter& waiter) = 0;
  // "http/protobuf to https://collector:4318/v1/traces", for messages.
  virtual std::string describe() const = 0;
};

// Counts of one delivery from its final attempt.
BatchResult summarize(const RetryOutcome& outcome, int64_t span_count);

}  // namespace kspan::exporter
