// OTEL_RESOURCE_ATTRIBUTES: `key1=value1,key2=value2`, keys and values percent-encoded
// (OpenTelemetry SDK environment variable specification).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kspan::cli {

using AttributeList = std::vector<std::pair<std::string, std::string>>;

// The pairs in order, or nothing (and error set) when the value is malformed: the
// specification says to discard the whole variable then, not to guess.
std::optional<AttributeList> parse_resource_attributes(std::string_view text, std::string& error);

}  // namespace kspan::cli
