// The OTLP/JSON writer as a property (spec 7): whatever the spans hold (any bytes in names,
// attribute keys and values, messages; any times, ids and resource indexes), the output is one
// ExportTraceServiceRequest that a strict JSON parser reads back to the same values, grouped by
// resource in order of first appearance, and the text tree has one line per span.
#include <deque>
#include <fuzzer/FuzzedDataProvider.h>

#include <map>
#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "kspan/ids.hpp"

using namespace kspan;
using nlohmann::json;

namespace {

bool valid_utf8(const std::string& s) {
  // Independent of the core's json_text.cpp: decode and check ranges.
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xe0) == 0xc0) n = 2, cp = c & 0x1f;
    else if ((c & 0xf0) == 0xe0) n = 3, cp = c & 0x0f;
    else if ((c & 0xf8) == 0xf0) n = 4, cp = c & 0x07;
    else return false;
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

// A string as it must read back: the same when valid UTF-8, else valid and with U+FFFD.
void check_string(const json& got, const std::string& given, const char* what) {
  KSPAN_CHECK("otlp-roundtrip", got.is_string(), "%s is not a string", what);
  if (!got.is_string()) return;
  const auto& s = got.get_ref<const std::string&>();
  if (valid_utf8(given))
    KSPAN_CHECK("otlp-roundtrip", s == given, "%s does not read back as given", what);
  else
    KSPAN_CHECK("otlp-roundtrip", s.find("\xef\xbf\xbd") != std::string::npos, "%s lost its invalid bytes without U+FFFD",
                what);
}

// Attribute keys are views: the texts live here for the run.
std::deque<std::string> key_texts;

std::vector<Attribute> attributes(FuzzedDataProvider& in) {
  std::vector<Attribute> out(in.ConsumeIntegralInRange<size_t>(0, 4));
  for (auto& a : out) {
    a.key = key_texts.emplace_back(in.ConsumeRandomLengthString(24));
    switch (in.ConsumeIntegralInRange<int>(0, 2)) {
      case 0: a.value = in.ConsumeRandomLengthString(48); break;
      case 1: a.value = in.ConsumeIntegral<int64_t>(); break;
      default: a.value = in.ConsumeBool();
    }
  }
  return out;
}

void check_attributes(const json& got, const std::vector<Attribute>& given) {
  KSPAN_CHECK("otlp-roundtrip", got.is_array() && got.size() == given.size(), "attribute count differs");
  if (!got.is_array() || got.size() != given.size()) return;
  for (size_t i = 0; i < given.size(); ++i) {
    check_string(got[i]["key"], std::string(given[i].key), "attribute key");
    const json& v = got[i]["value"];
    if (const auto* s = std::get_if<std::string>(&given[i].value)) check_string(v["stringValue"], *s, "string value");
    else if (const auto* n = std::get_if<int64_t>(&given[i].value))
      KSPAN_CHECK("otlp-roundtrip", v["intValue"] == std::to_string(*n), "intValue differs");
    else
      KSPAN_CHECK("otlp-roundtrip", v["boolValue"] == std::get<bool>(given[i].value), "boolValue differs");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  key_texts.clear();
  std::vector<Resource> resources(in.ConsumeIntegralInRange<size_t>(1, 4));
  for (auto& r : resources) {
    r.attributes = attributes(in);
    r.attributes.insert(r.attributes.begin(), Attribute{"service.name", in.ConsumeRandomLengthString(16)});
  }
  const std::string version = in.ConsumeRandomLengthString(8);
  OtlpJsonWriter otlp(version);
  TreeWriter tree;
  std::vector<Span> spans;
  while (in.remaining_bytes() > 0 && spans.size() < 64) {
    Span s;
    for (auto& b : s.trace_id) b = in.ConsumeIntegral<uint8_t>();
    for (auto& b : s.span_id) b = in.ConsumeIntegral<uint8_t>();
    s.has_parent = in.ConsumeBool();
    for (auto& b : s.parent_span_id) b = in.ConsumeIntegral<uint8_t>();
    s.name = in.ConsumeRandomLengthString(32);
    s.start_ns = in.ConsumeIntegral<int64_t>();
    s.end_ns = in.ConsumeIntegral<int64_t>();
    s.error = in.ConsumeBool();
    s.status_message = in.ConsumeRandomLengthString(48);
    s.attributes = attributes(in);
    s.links.resize(in.ConsumeIntegralInRange<size_t>(0, 2));
    for (auto& l : s.links) {
      for (auto& b : l.trace_id) b = in.ConsumeIntegral<uint8_t>();
      for (auto& b : l.span_id) b = in.ConsumeIntegral<uint8_t>();
    }
    s.resource_index = in.ConsumeIntegralInRange<uint32_t>(0, static_cast<uint32_t>(resources.size() - 1));
    otlp.on_span(s, resources[s.resource_index]);
    tree.on_span(s, resources[s.resource_index]);
    spans.push_back(std::move(s));
  }

  const std::string text = otlp.to_json();
  fuzz::check_otlp(text, spans.size(), false);
  fuzz::check_tree(tree.to_text(), spans.size());
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return 0;

  // Read back: resources in order of first appearance, each span under its own resource.
  std::vector<uint32_t> order;
  std::map<uint32_t, std::vector<const Span*>> by_resource;
  for (const auto& s : spans) {
    if (by_resource.find(s.resource_index) == by_resource.end()) order.push_back(s.resource_index);
    by_resource[s.resource_index].push_back(&s);
  }
  const json& rss = doc["resourceSpans"];
  KSPAN_CHECK("otlp-roundtrip", rss.size() == order.size(), "%zu ResourceSpans for %zu resources", rss.size(),
              order.size());
  for (size_t r = 0; r < std::min<size_t>(rss.size(), order.size()); ++r) {
    check_attributes(rss[r]["resource"]["attributes"], resources[order[r]].attributes);
    check_string(rss[r]["scopeSpans"][0]["scope"]["version"], version, "scope version");
    const json& got = rss[r]["scopeSpans"][0]["spans"];
    const auto& given = by_resource[order[r]];
    KSPAN_CHECK("otlp-roundtrip", got.size() == given.size(), "span count differs in a resource");
    for (size_t i = 0; i < std::min(got.size(), given.size()); ++i) {
      const Span& s = *given[i];
      const json& g = got[i];
      KSPAN_CHECK("otlp-roundtrip", g["traceId"] == to_hex(s.trace_id) && g["spanId"] == to_hex(s.span_id),
                  "ids differ");
      KSPAN_CHECK("otlp-roundtrip", s.has_parent == g.contains("parentSpanId"), "parent presence differs");
      if (s.has_parent) KSPAN_CHECK("otlp-roundtrip", g["parentSpanId"] == to_hex(s.parent_span_id), "parent differs");
      check_string(g["name"], s.name, "span name");
      KSPAN_CHECK("otlp-roundtrip",
                  g["startTimeUnixNano"] == std::to_string(s.start_ns) && g["endTimeUnixNano"] == std::to_string(s.end_ns),
                  "times differ");
      check_attributes(g["attributes"], s.attributes);
      KSPAN_CHECK("otlp-roundtrip", (s.error ? 2 : 0) == g["status"].value("code", 0), "status code differs");
      if (s.error) check_string(g["status"]["message"], s.status_message, "status message");
      KSPAN_CHECK("otlp-roundtrip", s.links.size() == g.value("links", json::array()).size(), "link count differs");
    }
  }
  return 0;
}
