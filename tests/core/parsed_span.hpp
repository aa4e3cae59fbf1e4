// Spans as the OTLP/JSON writer wrote them, read back with nlohmann_json: what the core's
// tests check the output with, independently of the core's own types.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kspan::test {

struct ParsedSpan {
  std::string name, trace_id, span_id, parent_span_id, service, status_message;
  int status_code = 0;
  int64_t start = 0, end = 0;
  nlohmann::json attributes = nlohmann::json::object();  // key -> the OTLP value object
  nlohmann::json links = nlohmann::json::array();
  // An attribute's value as text; "<absent>" when the span has none.
  std::string attr(const std::string& key) const;
  std::string message() const { return attr("k8s.event.message"); }
};

// Every span of an OTLP/JSON document; fails the test when the text is not valid JSON.
std::vector<ParsedSpan> spans_of(const std::string& otlp);
// The span with this name (and message, when given); fails the test when there is not exactly one.
const ParsedSpan& find(const std::vector<ParsedSpan>& spans, const std::string& name, const std::string& message = "");
// The first span with this name, or nullptr.
const ParsedSpan* span_named(const std::vector<ParsedSpan>& spans, const std::string& name);
const ParsedSpan* by_id(const std::vector<ParsedSpan>& spans, const std::string& id);

// The spec's ids (section 5), computed here independently of the core's implementation:
// FNV-1a 64 and 128 of `bytes`, as big-endian hex.
std::string fnv64_hex(const std::string& bytes);
std::string fnv128_hex(const std::string& bytes);

}  // namespace kspan::test
