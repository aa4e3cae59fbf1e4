// One generated workload shared by the core benchmarks, built once per process: the input
// bytes (List JSON, YAML), the framed records, the decoded events and objects, and the spans.
// KSPAN_BENCH_EVENTS sets its size (default 50000 events), KSPAN_BENCH_SEED its seed.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kspan/span.hpp"
#include "model.hpp"

namespace kspan::bench {

struct Workload {
  uint64_t events = 0;             // event records in the input
  std::string list_json;           // a kubectl List, pretty-printed as kubectl writes it
  std::string yaml;                // the same List as kubectl -o yaml writes it
  std::vector<std::string> records;  // list_json's items, as the framer hands them over
  std::vector<Event> decoded_events;
  std::vector<ObjectObservation> decoded_objects;
};

// What an engine run over list_json hands its sink (built on first use: profiles of the other
// stages then hold no engine run).
struct WorkloadSpans {
  std::vector<Span> spans;
  std::vector<Resource> resources;
};

const Workload& workload();
const WorkloadSpans& workload_spans();

}  // namespace kspan::bench
