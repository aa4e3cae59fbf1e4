// The OTLP export flags and environment shared by `kspan replay` and `kspan run`: one table of
// flags, read on top of OTEL_EXPORTER_OTLP_* and OTEL_BSP_* (flags win), and the resource
// attributes of OTEL_RESOURCE_ATTRIBUTES.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "export_config.hpp"
#include "kspan/settings.hpp"

namespace kspan::cli {

// Flags win over the environment, so they are kept apart until the environment is read.
struct ExportOptions {
  std::optional<std::string> cluster_name;
  std::optional<exporter::Protocol> protocol;
  std::optional<std::string> endpoint;
  std::vector<std::function<void(exporter::ExportConfig&)>> overrides;
};

// --endpoint, --protocol, --headers, --timeout, --compression, TLS files, --insecure.
std::vector<Flag> export_delivery_flags(ExportOptions& o);
// --batch-size, --batch-delay, --queue-size, --export-timeout, --max-attempts, --retry-backoff.
// queue_help: what happens when the queue is full (replay blocks, the daemon drops).
std::vector<Flag> export_batching_flags(ExportOptions& o, const std::string& queue_help);

// The environment, then the flags. Throws exporter::ConfigError.
exporter::ExportConfig export_config(const ExportOptions& o);
// OTEL_RESOURCE_ATTRIBUTES into settings; --cluster-name wins for k8s.cluster.name.

// The "Environment" and "Retries" paragraphs of a command's --help.
std::string export_environment_help();

// Flag values, as usage errors when bad.
std::chrono::milliseconds duration_ms(const std::string& flag, const std::string& value);
size_t positive_count(const std::string& flag, const std::string& value);

}  // namespace kspan::cli
