// The YAML path: the native converter (native/yaml_to_json, on yaml-cpp) and the core's YAML
// framing and decoding through the engine.
//
// Input: a 2-byte header, then YAML text.
//   h[0] bits 0-1 chunking mode; h[1] chunking seed.
// Checks:
//   - yaml-converter-json: when YamlToJson accepts a document, its JSON parses (strictly, as
//     valid UTF-8) and is an object, array or scalar; when it refuses, it says why; nothing
//     escapes it (an exception reaching libFuzzer is a crash);
//   - the engine on the text (the converter injected) gives valid OTLP and one tree line per span.
#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "yaml_to_json.hpp"

using namespace kspan;
using nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const auto chunking = fuzz::Chunking::from(data[0], data[1]);
  const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);

  cli::YamlToJson converter;
  std::string out, error;
  if (converter.to_json(text, out, error)) {
    const json doc = json::parse(out, nullptr, false);
    KSPAN_CHECK("yaml-converter-json", !doc.is_discarded(), "YamlToJson gave text that is not JSON: %.300s",
                out.c_str());
  } else {
    KSPAN_CHECK("yaml-converter-error", !error.empty(), "YamlToJson refused without a reason");
  }

  // The engine: YAML is detected by content, so a text starting with '{' or '[' goes the JSON
  // way; the engine target covers that, here it is the same end-to-end check.
  Settings settings;
  settings.version = "fuzz";
  fuzz::BothWriters sink;
  Engine engine(settings, sink, &converter);
  engine.begin_source("input.yaml");
  for (auto chunk : chunking.cut(text)) engine.push(chunk);
  engine.end_source();
  engine.finish();
  fuzz::check_otlp(sink.otlp.to_json(), sink.spans, true);
  fuzz::check_tree(sink.tree.to_text(), sink.spans);
  fuzz::check_counters(engine.counters());
  return 0;
}
