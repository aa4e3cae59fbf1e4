#include "otlp_json_encoder.hpp"

#include "kspan/otlp_json_writer.hpp"

namespace kspan::exporter {

std::string encode_json(const SpanBatch& batch, const std::string& scope_version) {
  OtlpJsonWriter writer(scope_version);
  for (const auto& queued : batch) writer.on_span(queued.span, *queued.resource);
  return writer.to_json();
}

}  // namespace kspan::exporter
