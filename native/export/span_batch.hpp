// What travels from the engine's thread to the export worker: final spans, each with the
// resource it belongs to. Resources are shared, not copied per span.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "kspan/span.hpp"

namespace kspan::exporter {

struct QueuedSpan {
  Span span;
  std::shared_ptr<const Resource> resource;
};

using SpanBatch = std::vector<QueuedSpan>;

// What a queued span holds on the heap, near enough: for the queue's bound in bytes.
size_t queued_bytes(const Span& span);

}  // namespace kspan::exporter
