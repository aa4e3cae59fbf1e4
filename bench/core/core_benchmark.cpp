// Google Benchmarks of each stage of the core on one generated workload (bench/core/workload.hpp):
// framing, decoding, correlation, the writers, and the whole engine. Each reports events per
// second (items) and, where bytes go in, bytes per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string_view>

#include "correlator.hpp"
#include "event_router.hpp"
#include "event_decoder.hpp"
#include "json_framer.hpp"
#include "order_key.hpp"
#include "kspan/engine.hpp"
#include "kspan/otlp_json_writer.hpp"
#include "kspan/tree_writer.hpp"
#include "owner_graph.hpp"
#include "pruned_parser.hpp"
#include "workload.hpp"
#include "yaml_framer.hpp"
#ifdef KSPAN_BENCH_YAML
#include "yaml_to_json.hpp"
#endif

namespace kspan::bench {
namespace {

constexpr size_t kChunk = 1 << 20;  // what the CLI pushes at a time

void set_rates(benchmark::State& state, uint64_t events, uint64_t bytes) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events));
  if (bytes > 0) state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["events"] = static_cast<double>(events);
}

template <typename Push>
void in_chunks(std::string_view text, Push&& push) {
  for (size_t at = 0; at < text.size(); at += kChunk) push(text.substr(at, kChunk));
}

struct NullSink : SpanSink {
  uint64_t spans = 0;
  void on_span(const Span&, const Resource&) override { ++spans; }
  void on_span_view(const SpanView&, const Resource&) override { ++spans; }  // as a writer: no copy
};

struct CountSink : DecodedSink {
  uint64_t events = 0, objects = 0;
  void on_event(Event&&) override { ++events; }
  void on_object(ObjectObservation&&) override { ++objects; }
};

// ---- framing: bytes -> record boundaries ----

void BM_FrameJsonList(benchmark::State& state) {
  const Workload& w = workload();
  for (auto _ : state) {
    uint64_t records = 0;
    JsonFramer framer([&](const RawRecord& r) { records += r.text.size() > 0; }, [](const FramingError&) {});
    in_chunks(w.list_json, [&](std::string_view c) { framer.push(c); });
    framer.finish();
    benchmark::DoNotOptimize(records);
  }
  set_rates(state, w.events, w.list_json.size());
}
BENCHMARK(BM_FrameJsonList)->Unit(benchmark::kMillisecond);

void BM_FrameYamlList(benchmark::State& state) {
  const Workload& w = workload();
  for (auto _ : state) {
    uint64_t documents = 0;
    YamlFramer framer([&](const YamlDocument& d) { documents += d.text.size() > 0; }, [](const FramingError&) {});
    in_chunks(w.yaml, [&](std::string_view c) { framer.push(c); });
    framer.finish();
    benchmark::DoNotOptimize(documents);
  }
  set_rates(state, w.events, w.yaml.size());
}
BENCHMARK(BM_FrameYamlList)->Unit(benchmark::kMillisecond);

// ---- decoding: record text -> Event / object observation ----

uint64_t record_bytes(const Workload& w) {
  uint64_t n = 0;
  for (const auto& r : w.records) n += r.size();
  return n;
}

void BM_ParsePruned(benchmark::State& state) {
  const Workload& w = workload();
  for (auto _ : state) {
    RecordDocument document;
    std::string error;
    for (const auto& r : w.records) {
      parse_record(r, ParseScope::Pruned, document, error);
      benchmark::DoNotOptimize(document);
    }
  }
  set_rates(state, w.events, record_bytes(w));
}
BENCHMARK(BM_ParsePruned)->Unit(benchmark::kMillisecond);

void BM_Decode(benchmark::State& state) {
  const Workload& w = workload();
  const DecodeContext context{Location{"bench", 0, 0, ""}, {}, 0};
  for (auto _ : state) {
    Counters counters;
    CountSink sink;
    RecordDocument document;
    for (const auto& r : w.records) decode_record_text(r, context, counters, sink, document);
    benchmark::DoNotOptimize(sink.events);
  }
  set_rates(state, w.events, record_bytes(w));
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);

#ifdef KSPAN_BENCH_YAML
void BM_YamlToJson(benchmark::State& state) {
  // The native YAML converter (yaml-cpp) on every List item: what a YAML dump costs on top.
  const Workload& w = workload();
  std::vector<std::string> documents;
  YamlFramer framer([&](const YamlDocument& d) { documents.emplace_back(d.text); }, [](const FramingError&) {});
  framer.push(w.yaml);
  framer.finish();
  cli::YamlToJson convert;
  uint64_t bytes = 0;
  for (const auto& d : documents) bytes += d.size();
  for (auto _ : state) {
    std::string json, error;
    for (const auto& d : documents) {
      convert.to_json(d, json, error);
      benchmark::DoNotOptimize(json);
    }
  }
  set_rates(state, w.events, bytes);
}
BENCHMARK(BM_YamlToJson)->Unit(benchmark::kMillisecond);
#endif

// ---- correlation: decoded events -> final spans ----

// What the engine does between decoding and the correlator: the owner graph, routing (re-targeting
// and evidence), the order key. Mirrors engine.cpp's replay path.
std::vector<RoutedEvent> route_and_order(OwnerGraph& graph, std::vector<ObjectObservation> objects,
                                         std::vector<Event> events) {
  for (auto& o : objects) graph.observe(std::move(o));
  std::vector<RoutedEvent> routed;
  routed.reserve(events.size());
  for (auto& event : events) routed.push_back(route_event(std::move(event), graph));
  std::vector<std::pair<OrderKey, size_t>> order;
  order.reserve(routed.size());
  for (size_t i = 0; i < routed.size(); ++i) order.push_back({OrderKey::of(routed[i], graph.depth(routed[i].involved)), i});
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<RoutedEvent> sorted;
  sorted.reserve(routed.size());
  for (const auto& [key, i] : order) sorted.push_back(std::move(routed[i]));
  return sorted;
}

// Routing, ordering and correlation: everything after decoding.
void BM_RouteOrderCorrelate(benchmark::State& state) {
  const Workload& w = workload();
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<ObjectObservation> objects = w.decoded_objects;
    std::vector<Event> events = w.decoded_events;
    state.ResumeTiming();
    OwnerGraph graph;
    Counters counters;
    NullSink sink;
    std::vector<RoutedEvent> routed = route_and_order(graph, std::move(objects), std::move(events));
    Correlator correlator(Settings{}, graph, counters, sink);
    for (const auto& r : routed) correlator.process(r);
    correlator.finish();
    benchmark::DoNotOptimize(sink.spans);
    state.PauseTiming();
    routed.clear();  // freeing is not part of the run
    state.ResumeTiming();
  }
  set_rates(state, w.events, 0);
}
BENCHMARK(BM_RouteOrderCorrelate)->Unit(benchmark::kMillisecond);

// The events copied in processing order, so that their texts lie in memory in that order:
// as the correlator gets them from the reorder buffer (each second's batch unpacked into
// reused events). Moved from the input's order instead, every text is a cache miss of the
// benchmark's own making.
std::vector<RoutedEvent> laid_out_in_order(const std::vector<RoutedEvent>& routed) {
  return std::vector<RoutedEvent>(routed.begin(), routed.end());
}

// The correlator alone (spec sections 2 to 5): events already routed and in order.
void BM_Correlate(benchmark::State& state) {
  const Workload& w = workload();
  for (auto _ : state) {
    state.PauseTiming();
    auto graph = std::make_unique<OwnerGraph>();
    std::vector<RoutedEvent> routed = laid_out_in_order(route_and_order(*graph, w.decoded_objects, w.decoded_events));
    Counters counters;
    NullSink sink;
    state.ResumeTiming();
    {
      Correlator correlator(Settings{}, *graph, counters, sink);
      for (const auto& r : routed) correlator.process(r);
      correlator.finish();
      benchmark::DoNotOptimize(sink.spans);
      state.PauseTiming();
    }
    routed.clear();
    graph.reset();
    state.ResumeTiming();
  }
  set_rates(state, w.events, 0);
}
BENCHMARK(BM_Correlate)->Unit(benchmark::kMillisecond);

// ---- writers: final spans -> text ----

void BM_OtlpJsonWriter(benchmark::State& state) {
  const WorkloadSpans& w = workload_spans();
  uint64_t out_bytes = 0;
  for (auto _ : state) {
    OtlpJsonWriter writer;
    for (const auto& s : w.spans) writer.on_span(s, w.resources[s.resource_index]);
    out_bytes = 0;
    writer.write([&](std::string_view piece) { out_bytes += piece.size(); });
    benchmark::DoNotOptimize(out_bytes);
  }
  set_rates(state, w.spans.size(), out_bytes);
  state.counters["spans"] = static_cast<double>(w.spans.size());
}
BENCHMARK(BM_OtlpJsonWriter)->Unit(benchmark::kMillisecond);

void BM_TreeWriter(benchmark::State& state) {
  const WorkloadSpans& w = workload_spans();
  uint64_t out_bytes = 0;
  for (auto _ : state) {
    TreeWriter writer;
    for (const auto& s : w.spans) writer.on_span(s, w.resources[s.resource_index]);
    std::string text = writer.to_text();
    out_bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  set_rates(state, w.spans.size(), out_bytes);
  state.counters["spans"] = static_cast<double>(w.spans.size());
}
BENCHMARK(BM_TreeWriter)->Unit(benchmark::kMillisecond);

// ---- the whole engine: bytes in, spans out ----

void BM_EngineListJson(benchmark::State& state) {
  const Workload& w = workload();
  for (auto _ : state) {
    NullSink sink;
    Engine engine(Settings{}, sink);
    in_chunks(w.list_json, [&](std::string_view c) { engine.push(c); });
    engine.finish();
    benchmark::DoNotOptimize(sink.spans);
  }
  set_rates(state, w.events, w.list_json.size());
}
BENCHMARK(BM_EngineListJson)->Unit(benchmark::kMillisecond);

void BM_EngineListJsonToOtlp(benchmark::State& state) {
  const Workload& w = workload();
  for (auto _ : state) {
    OtlpJsonWriter writer;
    Engine engine(Settings{}, writer);
    in_chunks(w.list_json, [&](std::string_view c) { engine.push(c); });
    engine.finish();
    uint64_t out = 0;
    writer.write([&](std::string_view piece) { out += piece.size(); });
    benchmark::DoNotOptimize(out);
  }
  set_rates(state, w.events, w.list_json.size());
}
BENCHMARK(BM_EngineListJsonToOtlp)->Unit(benchmark::kMillisecond);

#ifdef KSPAN_BENCH_YAML
void BM_EngineYaml(benchmark::State& state) {
  const Workload& w = workload();
  cli::YamlToJson convert;
  for (auto _ : state) {
    NullSink sink;
    Engine engine(Settings{}, sink, &convert);
    in_chunks(w.yaml, [&](std::string_view c) { engine.push(c); });
    engine.finish();
    benchmark::DoNotOptimize(sink.spans);
  }
  set_rates(state, w.events, w.yaml.size());
}
BENCHMARK(BM_EngineYaml)->Unit(benchmark::kMillisecond);
#endif

}  // namespace
}  // namespace kspan::bench

BENCHMARK_MAIN();
