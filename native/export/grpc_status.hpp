// What a gRPC status means for the batch (OTLP specification, "OTLP/gRPC Response"):
// OK accepted (maybe partially); CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE,
// UNAVAILABLE, DATA_LOSS retryable; RESOURCE_EXHAUSTED retryable only when the server says
// when (RetryInfo); everything else permanent.
#pragma once
#include <grpcpp/support/status.h>

#include "export_result.hpp"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace kspan::exporter {

AttemptResult classify_grpc(const grpc::Status& status,
                            const opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse& response);

}  // namespace kspan::exporter
