#include "workload.hpp"

#include <cstdlib>

#include "event_decoder.hpp"
#include "generate.hpp"
#include "json_framer.hpp"
#include "kspan/engine.hpp"

namespace kspan::bench {
namespace {

uint64_t env_number(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

struct Collect : DecodedSink {
  Workload& w;
  explicit Collect(Workload& target) : w(target) {}
  void on_event(Event&& e) override { w.decoded_events.push_back(std::move(e)); }
  void on_object(ObjectObservation&& o) override { w.decoded_objects.push_back(std::move(o)); }
};

struct KeepSpans : SpanSink {
  std::vector<Span>& out;
  explicit KeepSpans(std::vector<Span>& target) : out(target) {}
  void on_span(const Span& span, const Resource&) override { out.push_back(span); }
};

Workload build() {
  Workload w;
  gen::GenOptions options;
  options.events = env_number("KSPAN_BENCH_EVENTS", 50000);
  options.seed = env_number("KSPAN_BENCH_SEED", 1);
  w.events = options.events;
  w.list_json = gen::generate_to_string(options);
  options.format = gen::Format::Yaml;
  w.yaml = gen::generate_to_string(options);

  JsonFramer framer([&](const RawRecord& r) { w.records.emplace_back(r.text); }, [](const FramingError&) {});
  framer.push(w.list_json);
  framer.finish();

  Counters counters;
  Collect collect(w);
  RecordDocument document;
  for (const auto& text : w.records)
    decode_record_text(text, DecodeContext{Location{"bench", 0, 0, ""}, {}, 0}, counters, collect, document);

  return w;
}

WorkloadSpans build_spans() {
  WorkloadSpans s;
  KeepSpans keep(s.spans);
  Engine engine(Settings{}, keep);
  engine.push(workload().list_json);
  engine.finish();
  s.resources = engine.resources();
  return s;
}

}  // namespace

const Workload& workload() {
  static const Workload w = build();
  return w;
}

const WorkloadSpans& workload_spans() {
  static const WorkloadSpans s = build_spans();
  return s;
}

}  // namespace kspan::bench
