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

// Parses the one object that `text` starts with (Pruned) and returns how many bytes it took,
// or 0, leaving the record to the framer, when the text ends before the object does, when
// nesting goes deeper than `max_depth` levels, or when the object is not strictly valid JSON
// (a skipped scalar that holds a quote or a bracket, an escaped string that would not fit the
// document's reserved buffer, anything parse_record would reject). Taken bytes are then exactly
// the record the JSON framer would have framed, and the document the one parse_record builds.
size_t parse_record_prefix(std::string_view text, int max_depth, RecordDocument& document);

}  // namespace kspan
