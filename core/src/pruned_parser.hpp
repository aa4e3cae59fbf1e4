// Parses a record's JSON text into a RecordDocument that keeps only what decoding reads: the
// event fields, the involved and related objects, and the metadata kspan keeps (section 1).
// Other containers stay as empty placeholders of their type, so presence and type checks
// still work; their contents (labels, specs, managedFields' field sets, ...) are never built.
#pragma once
#include <string>
#include <string_view>

#include "record_document.hpp"

namespace kspan {

enum class ParseScope {
  Pruned,      // what decoding reads (the core's path)
  Everything,  // every value (tests compare the two)
};

// Returns false and sets `error` (with the byte offset) when the text is not valid JSON.
// The document's strings may point into `text`: keep it alive while the document is read.
bool parse_record(std::string_view text, ParseScope scope, RecordDocument& document, std::string& error);

}  // namespace kspan
