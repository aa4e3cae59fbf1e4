// Reads what receivers say back: partial success, error statuses, retry delays.
// The pinned OTLP protos (0.34.0 package) predate ExportTracePartialSuccess and no
// google/rpc protos are packaged, so these fields are read from protobuf's own parse of
// unknown fields by their official numbers; nothing here decodes wire bytes by hand.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace kspan::exporter {

struct PartialSuccess {
  int64_t rejected_spans = 0;
  std::string error_message;
};

// ExportTraceServiceResponse.partial_success (field 1: rejected_spans = 1, error_message = 2).
std::optional<PartialSuccess> partial_success_of(
    const opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse& response);
// The same from an OTLP/JSON response body ("partialSuccess").
std::optional<PartialSuccess> partial_success_from_json(const std::string& body);

// google.rpc.Status.message (field 2) of an error body, JSON or protobuf; empty if none.
std::string status_message_from_protobuf(const std::string& body);
std::string status_message_from_json(const std::string& body);

// google.rpc.RetryInfo.retry_delay from a serialized google.rpc.Status (grpc-status-details-bin).
std::optional<std::chrono::milliseconds> retry_delay_from_status_details(const std::string& details);

}  // namespace kspan::exporter
