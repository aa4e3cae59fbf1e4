// Parses a record's JSON text into a document that keeps only what decoding reads: the
// event fields, the involved and related objects, and the metadata kspan keeps (section 1).
// Other containers stay as empty placeholders of their type, so presence and type checks
// still work; their contents (labels, specs, managedFields' field sets, ...) are never built.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kspan {

// Returns false and sets `error` (with the byte offset) when the text is not valid JSON.
bool parse_pruned(std::string_view text, nlohmann::json& out, std::string& error);

}  // namespace kspan
