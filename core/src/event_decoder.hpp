// Decodes one parsed record (an Event, an object, a watch envelope or a List) into
// normalised events and object observations, repairing or skipping what cannot be used
// (spec 1.1). Checks every type before reading it: the core has no exceptions.
#pragma once
#include <optional>
#include <string_view>

#include "kspan/counters.hpp"
#include "model.hpp"
#include "pruned_parser.hpp"

namespace kspan {

class DecodedSink {
 public:
  virtual ~DecodedSink() = default;
  virtual void on_event(Event&& event) = 0;
  virtual void on_object(ObjectObservation&& object) = 0;
};

struct DecodeContext {
  Location where;
  std::optional<int64_t> observed_ns;  // from a capture header
  int64_t reorder_ns = 0;              // for the skew rule
};

// Parses one record's JSON text into `document` (reused from record to record, so that
// decoding allocates little) and decodes it. Returns false when the record was skipped (the
// reason is counted). ParseScope::Everything gives the same result, slower (tests compare).
bool decode_record_text(std::string_view text, const DecodeContext& context, Counters& counters, DecodedSink& sink,
                        RecordDocument& document, ParseScope scope = ParseScope::Pruned);

// Decodes a record already parsed (parse_record_prefix).
bool decode_document(const RecordDocument& document, const DecodeContext& context, Counters& counters,
                     DecodedSink& sink);

}  // namespace kspan
