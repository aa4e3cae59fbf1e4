// The push API end to end: detection, framing, decoding, correlation and both writers, with the
// input cut into fuzzer-chosen chunks (spec inputs.md: "streamed in chunks"; style.md: chunks
// need not line up with records).
//
// Input: a 4-byte header, then the bytes of the source(s).
//   h[0] bits 0-1  chunking mode (fuzz_support.hpp)   bit 2  live mode
//        bit 3     no YAML converter (the core alone) bit 4  two sources, cut at h[2]/256
//        bit 5     live: advance the watermark after every chunk
//   h[1] chunking seed; h[2] where the second source starts; h[3] settings (window, max_trace,
//        expire_after, cluster name; bit 6: small memory limits, so that each is reached).
// Checks: no crash, UB or leak; the OTLP/JSON parses and has one span per span given to the
// sink; the tree has one line per span; counters serialise; and the result does not depend on
// the chunking (the same input pushed whole gives the same OTLP, tree and counters).
#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "yaml_to_json.hpp"

using namespace kspan;

namespace {

struct Outcome {
  std::string otlp, tree, counters;
};

Outcome run(std::string_view data, uint8_t flags, uint8_t split, uint8_t knobs, fuzz::Chunking chunking) {
  Settings settings;
  settings.version = "fuzz";
  settings.live = (flags & 4) != 0;
  static constexpr int64_t kWindows[] = {5 * kNanosPerSecond, 0, 1, 3600 * kNanosPerSecond};
  static constexpr int64_t kMaxTrace[] = {3600 * kNanosPerSecond, 0, kNanosPerSecond, INT64_MAX / 4};
  settings.window_ns = kWindows[knobs & 3];
  settings.max_trace_ns = kMaxTrace[(knobs >> 2) & 3];
  if (knobs & 16) settings.expire_after_ns = kNanosPerSecond;
  if (knobs & 32) settings.cluster_name = "fuzz-cluster";
  if (knobs & 64) {
    settings.max_pending_events = 2;
    settings.max_objects = 8;
    settings.max_resources = 2;
    settings.max_owner_depth = 3;
  }

  fuzz::BothWriters sink;
  cli::YamlToJson yaml;
  Engine engine(settings, sink, (flags & 8) ? nullptr : &yaml);
  std::vector<std::pair<std::string, std::string_view>> sources;
  if (flags & 16) {
    const size_t at = data.size() * split / 256;
    sources = {{"first.json", data.substr(0, at)}, {"second.json", data.substr(at)}};
  } else {
    sources = {{"input", data}};
  }
  int64_t now = 1700000000LL * kNanosPerSecond;
  for (const auto& [name, bytes] : sources) {
    engine.begin_source(name);
    for (std::string_view chunk : chunking.cut(bytes)) {
      engine.push(chunk);
      if (settings.live && (flags & 32)) engine.advance_watermark(now += kNanosPerSecond);
    }
    engine.end_source();
  }
  engine.finish();

  Outcome out{sink.otlp.to_json(), sink.tree.to_text(), counters_to_json(engine.counters())};
  // write() in pieces is the same text as to_json().
  std::string streamed;
  sink.otlp.write([&](std::string_view piece) { streamed.append(piece); });
  KSPAN_CHECK("otlp-write-equals-to-json", streamed == out.otlp, "write() and to_json() differ");
  KSPAN_CHECK("sink-count", sink.otlp.span_count() == sink.spans, "writer counted %zu of %zu spans",
              sink.otlp.span_count(), sink.spans);
  KSPAN_CHECK("counters-spans", engine.counters().spans == sink.spans, "counters.spans %llu, sink got %zu",
              static_cast<unsigned long long>(engine.counters().spans), sink.spans);
  fuzz::check_otlp(out.otlp, sink.spans, true);
  fuzz::check_tree(out.tree, sink.spans);
  fuzz::check_counters(engine.counters());
  // Limits and live expiry resolve events early or lose owners, never an event (fuzz/README.md, "Limits").
  uint64_t emitted = 0;
  for (const auto& [rule, n] : engine.counters().parent_rules) emitted += n;
  KSPAN_CHECK("every-event-one-span", emitted == engine.counters().events, "%llu events, %llu event spans",
              static_cast<unsigned long long>(engine.counters().events), static_cast<unsigned long long>(emitted));
  KSPAN_CHECK("no-pending-after-finish", engine.counters().pending == 0, "%llu pending after finish",
              static_cast<unsigned long long>(engine.counters().pending));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const uint8_t flags = data[0], seed = data[1], split = data[2], knobs = data[3];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 4, size - 4);
  const auto chunking = fuzz::Chunking::from(flags, seed);
  const Outcome chunked = run(bytes, flags, split, knobs, chunking);
  // The watermark moves with the chunks, so only push-only runs must match the whole input.
  const bool watermark_moves = (flags & 4) && (flags & 32);
  if (chunking.mode != 0 && !watermark_moves) {
    const Outcome whole = run(bytes, flags, split, knobs, fuzz::Chunking{});
    KSPAN_CHECK("chunk-invariance-otlp", chunked.otlp == whole.otlp, "OTLP differs between chunked and whole push");
    KSPAN_CHECK("chunk-invariance-tree", chunked.tree == whole.tree, "tree differs:\n%s\n--- whole:\n%s",
                chunked.tree.substr(0, 2000).c_str(), whole.tree.substr(0, 2000).c_str());
    KSPAN_CHECK("chunk-invariance-counters", chunked.counters == whole.counters, "counters differ:\n%s\n--- whole:\n%s",
                chunked.counters.substr(0, 3000).c_str(), whole.counters.substr(0, 3000).c_str());
  }
  return 0;
}
