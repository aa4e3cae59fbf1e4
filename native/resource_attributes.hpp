// OTEL_RESOURCE_ATTRIBUTES: `key1=value1,key2=value2`, keys and values percent-encoded
// (OpenTelemetry SDK environment variable specification).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kspan/settings.hpp"

namespace kspan::cli {

using AttributeList = std::vector<std::pair<std::string, std::string>>;

// The pairs in order, or nothing (and error set) when the value is malformed: the
// specification says to discard the whole variable then, not to guess.
std::optional<AttributeList> parse_resource_attributes(std::string_view text, std::string& error);

// OTEL_RESOURCE_ATTRIBUTES from the environment into `settings` (a malformed value is ignored
// with a message on standard error), then the cluster name: `cluster_flag` (--cluster-name)
// wins over the variable's k8s.cluster.name.
void apply_resource_environment(const std::optional<std::string>& cluster_flag, kspan::Settings& settings);

}  // namespace kspan::cli
