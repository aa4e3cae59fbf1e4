// Spans and batches made up for the unit tests.
#pragma once
#include <memory>

#include "span_batch.hpp"

namespace kspan::exporter::test {

inline SpanBatch make_batch(size_t n, size_t resources = 2) {
  SpanBatch batch;
  std::vector<std::shared_ptr<const Resource>> shared;
  for (size_t r = 0; r < resources; ++r)
    shared.push_back(std::make_shared<const Resource>(Resource{{{"service.name", "svc-" + std::to_string(r)},
                                                                {"k8s.cluster.name", std::string("test")}}}));
  for (size_t i = 0; i < n; ++i) {
    Span s;
    s.trace_id[0] = 0xab;
    s.trace_id[15] = static_cast<uint8_t>(i / 7);
    s.span_id[0] = 0xcd;
    s.span_id[6] = static_cast<uint8_t>(i >> 8);
    s.span_id[7] = static_cast<uint8_t>(i);
    s.has_parent = i % 7 != 0;
    s.parent_span_id[0] = 0xcd;
    s.name = "Scheduled " + std::to_string(i) + " \"quoted\" é";
    s.start_ns = 1'700'000'000'000'000'000 + static_cast<int64_t>(i);
    s.end_ns = s.start_ns + 1000;
    s.error = i % 5 == 0;
    s.status_message = s.error ? "Back-off restarting" : "";
    s.attributes = {{"k8s.event.reason", std::string("Scheduled")},
                    {"k8s.event.count", int64_t(i)},
                    {"kspan.late", i % 2 == 0}};
    if (i % 3 == 0) s.links.push_back({s.trace_id, s.parent_span_id});
    s.resource_index = static_cast<uint32_t>(i % resources);
    batch.push_back({s, shared[i % resources]});
  }
  return batch;
}

}  // namespace kspan::exporter::test
