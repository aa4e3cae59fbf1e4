// An event's span is held small while it is open: ids, times and parent in the store, and
// the event itself. Its name, status and twenty-odd attributes are written only when it is
// final, into a span the caller reuses, so an open span keeps the event's texts once and a
// steady stream of spans allocates next to nothing.
#pragma once
#include <string>

#include "kspan/span.hpp"
#include "model.hpp"

namespace kspan {

// What an event span's name, status and attributes are made of.
struct EventSpanSource {
  Event event;
  // The object a re-targeted event is about (spec 2), for events with an actor.
  bool has_subject = false;
  std::string subject_kind;
  std::string subject_name;
  const char* rule = "";
  Evidence evidence = Evidence::None;
};

// `out` becomes `head` (ids, times, links, resource) with the name, status and attributes of
// `source`. `out`'s strings and attribute slots from the span before are written over.
void compose_event_span(const Span& head, const EventSpanSource& source, Span& out);

}  // namespace kspan
