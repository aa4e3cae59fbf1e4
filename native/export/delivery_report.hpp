// What the user is told after an export: how many spans arrived, and for every span that
// did not, which counter it is in and the first reason.
#pragma once
#include <string>

#include "batch_span_sink.hpp"

namespace kspan::exporter {

// One line when all arrived, else a line per kind of loss. destination: SpanExporter::describe().
std::string delivery_report(const SinkCounters& counters, const std::string& destination);

}  // namespace kspan::exporter
