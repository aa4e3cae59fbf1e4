// Decodes one parsed record (an Event, an object, a watch envelope or a List) into
// normalised events and object observations, repairing or skipping what cannot be used
// (spec 1.1). Checks every type before reading it: the core has no exceptions.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>

#include "kspan/counters.hpp"
#include "model.hpp"

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

// Parses one record's JSON text and decodes it. Returns false when the record was skipped
// (the reason is counted).
bool decode_record_text(std::string_view text, const DecodeContext& context, Counters& counters, DecodedSink& sink);
bool decode_record(const nlohmann::json& value, const DecodeContext& context, Counters& counters, DecodedSink& sink);

}  // namespace kspan
