// Batch to ExportTraceServiceRequest, the message both http/protobuf and gRPC send.
// Only the generated protobuf code writes bytes; this file only fills in fields.
#pragma once
#include <string>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "span_batch.hpp"

namespace kspan::exporter {

namespace otlp_collector = opentelemetry::proto::collector::trace::v1;

// One ResourceSpans per resource, in order of first appearance, scope `kspan` (spec 6).
void encode_request(const SpanBatch& batch, const std::string& scope_version,
                    otlp_collector::ExportTraceServiceRequest& request);

}  // namespace kspan::exporter
