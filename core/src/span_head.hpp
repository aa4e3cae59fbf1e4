// The part of a span the store and the parent rules read while it is held: ids and times.
// A span's name, status and attributes are written only when it is final (event_span.hpp).
#pragma once
#include <cstdint>

#include "kspan/span.hpp"

namespace kspan {

struct SpanHead {
  TraceId trace_id{};
  SpanId span_id{};
  SpanId parent_span_id{};
  bool has_parent = false;
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  uint32_t resource_index = 0;

  template <class SpanType>  // Span or SpanView
  void write_to(SpanType& out) const {
    out.trace_id = trace_id;
    out.span_id = span_id;
    out.parent_span_id = parent_span_id;
    out.has_parent = has_parent;
    out.start_ns = start_ns;
    out.end_ns = end_ns;
    out.resource_index = resource_index;
  }
};

}  // namespace kspan
