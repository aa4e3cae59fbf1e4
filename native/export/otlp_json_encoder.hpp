// Batch to OTLP/JSON (http/json): the core's writer, so replay sends exactly what
// `kspan convert` prints for the same spans.
#pragma once
#include <string>

#include "span_batch.hpp"

namespace kspan::exporter {

std::string encode_json(const SpanBatch& batch, const std::string& scope_version);

}  // namespace kspan::exporter
