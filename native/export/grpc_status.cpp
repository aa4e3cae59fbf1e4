#include "grpc_status.hpp"

#include "partial_success.hpp"

namespace kspan::exporter {
namespace {

const char* code_name(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK: return "OK";
    case grpc::CANCELLED: return "CANCELLED";
    case grpc::UNKNOWN: return "UNKNOWN";
    case grpc::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND: return "NOT_FOUND";
    case grpc::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::ABORTED: return "ABORTED";
    case grpc::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::INTERNAL: return "INTERNAL";
    case grpc::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::DATA_LOSS: return "DATA_LOSS";
    case grpc::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

bool always_retryable(grpc::StatusCode code) {
  switch (code) {
    case grpc::CANCELLED:
    case grpc::DEADLINE_EXCEEDED:
    case grpc::ABORTED:
    case grpc::OUT_OF_RANGE:
    case grpc::UNAVAILABLE:
    case grpc::DATA_LOSS:
      return true;
    default:
      return false;
  }
}

}  // namespace

AttemptResult classify_grpc(const grpc::Status& status,
                            const opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse& response) {
  if (status.ok()) {
    auto partial = partial_success_of(response);
    return partial ? AttemptResult::accepted(partial->rejected_spans, partial->error_message)
                   : AttemptResult::accepted();
  }
  std::string message = std::string("gRPC ") + code_name(status.error_code());
  if (!status.error_message().empty()) message += ": " + status.error_message();
  auto retry_delay = retry_delay_from_status_details(status.error_details());
  if (always_retryable(status.error_code())) return AttemptResult::retryable(message, retry_delay);
  if (status.error_code() == grpc::RESOURCE_EXHAUSTED && retry_delay) return AttemptResult::retryable(message, retry_delay);
  return AttemptResult::permanent(message);
}

}  // namespace kspan::exporter
