// The exporter a configuration asks for.
#pragma once
#include <memory>
#include <string>

#include "export_config.hpp"
#include "span_exporter.hpp"

namespace kspan::exporter {

// Throws ConfigError for unusable settings (unreadable certificate files...).
std::unique_ptr<SpanExporter> make_exporter(const ExportConfig& config, const std::string& scope_version);

}  // namespace kspan::exporter
