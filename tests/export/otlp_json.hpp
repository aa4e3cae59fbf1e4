// OTLP/JSON into the generated protobuf message. OTLP/JSON differs from protobuf's JSON
// mapping in one way that matters here: trace and span ids are hex, not base64. The ids
// are rewritten to base64, then google::protobuf::util::JsonStringToMessage does the rest.
#pragma once
#include <string>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace kspan::exporter::test {

using opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest;

// Empty on success, else why the text is not an OTLP/JSON request.
std::string parse_otlp_json(const std::string& text, ExportTraceServiceRequest& request);

}  // namespace kspan::exporter::test
