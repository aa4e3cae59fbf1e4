#include "fuzz_support.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace kspan::fuzz {

using nlohmann::json;

bool skipped_check(const char* name) {
  static const std::set<std::string> skipped = [] {
    std::set<std::string> out;
    const char* env = std::getenv("KSPAN_FUZZ_SKIP");
    if (env == nullptr) return out;
    std::stringstream in(env);
    std::string item;
    while (std::getline(in, item, ',')) out.insert(item);
    return out;
  }();
  return skipped.count(name) > 0;
}

std::vector<std::string_view> Chunking::cut(std::string_view bytes) const {
  std::vector<std::string_view> out;
  uint32_t state = 0x9e3779b9u ^ seed;
  size_t at = 0;
  while (at < bytes.size()) {
    size_t size;
    switch (mode) {
      case 0: size = bytes.size(); break;
      case 1: size = 1 + seed; break;
      default:
        state = state * 1103515245u + 12345u;
        size = 1 + (state >> 8) % (mode == 2 ? 64 : 4096);
    }
    size = std::min(size, bytes.size() - at);
    out.push_back(bytes.substr(at, size));
    at += size;
  }
  return out;
}

namespace {
bool is_hex(const json& v, size_t length) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() != length) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}
bool is_decimal(const json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  size_t i = !s.empty() && s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}
bool attributes_ok(const json& attributes) {
  if (!attributes.is_array()) return false;
  for (const auto& a : attributes) {
    if (!a.is_object() || !a.contains("key") || !a["key"].is_string() || !a.contains("value")) return false;
    const json& v = a["value"];
    if (!v.is_object() || v.size() != 1) return false;
    if (v.contains("stringValue") ? !v["stringValue"].is_string()
        : v.contains("intValue")  ? !is_decimal(v["intValue"])
        : v.contains("boolValue") ? !v["boolValue"].is_boolean()
                                  : true)
      return false;
  }
  return true;
}
}  // namespace

void check_otlp(const std::string& text, size_t spans, bool normalised) {
  const json doc = json::parse(text, nullptr, false);
  KSPAN_CHECK("otlp-parses", !doc.is_discarded(), "OTLP/JSON output is not valid JSON (%zu bytes)", text.size());
  if (doc.is_discarded()) return;
  KSPAN_CHECK("otlp-shape", doc.is_object() && doc.contains("resourceSpans") && doc["resourceSpans"].is_array(),
              "no resourceSpans array");
  if (!doc.contains("resourceSpans") || !doc["resourceSpans"].is_array()) return;
  size_t seen = 0;
  std::set<std::string> ids;      // traceId + spanId
  std::vector<std::string> parents;  // traceId + parentSpanId
  for (const auto& rs : doc["resourceSpans"]) {
    KSPAN_CHECK("otlp-shape", rs.is_object() && rs.contains("resource") && rs["resource"].contains("attributes") &&
                                  attributes_ok(rs["resource"]["attributes"]) && rs.contains("scopeSpans") &&
                                  rs["scopeSpans"].is_array(),
                "bad ResourceSpans: %s", rs.dump().substr(0, 300).c_str());
    for (const auto& ss : rs.value("scopeSpans", json::array())) {
      KSPAN_CHECK("otlp-shape", ss.contains("spans") && ss["spans"].is_array(), "bad ScopeSpans");
      for (const auto& s : ss.value("spans", json::array())) {
        ++seen;
        const std::string brief = s.dump().substr(0, 300);
        KSPAN_CHECK("otlp-ids", s.contains("traceId") && is_hex(s["traceId"], 32) && s.contains("spanId") &&
                                    is_hex(s["spanId"], 16) &&
                                    (!s.contains("parentSpanId") || is_hex(s["parentSpanId"], 16)),
                    "bad ids: %s", brief.c_str());
        KSPAN_CHECK("otlp-shape", s.contains("name") && s["name"].is_string() && s.contains("attributes") &&
                                      attributes_ok(s["attributes"]),
                    "bad span: %s", brief.c_str());
        KSPAN_CHECK("otlp-times", s.contains("startTimeUnixNano") && is_decimal(s["startTimeUnixNano"]) &&
                                      s.contains("endTimeUnixNano") && is_decimal(s["endTimeUnixNano"]),
                    "bad times: %s", brief.c_str());
        // OTLP times are fixed64: a negative decimal is not a valid value.
        if (normalised)
          KSPAN_CHECK("otlp-times-unsigned",
                    s.value("startTimeUnixNano", "0")[0] != '-' && s.value("endTimeUnixNano", "0")[0] != '-',
                    "negative time: %s", brief.c_str());
        if (!s.contains("traceId") || !s.contains("spanId") || !s["traceId"].is_string() || !s["spanId"].is_string())
          continue;
        const std::string key = s["traceId"].get<std::string>() + s["spanId"].get<std::string>();
        if (normalised) KSPAN_CHECK("otlp-unique-span-ids", ids.insert(key).second, "span id twice: %s", brief.c_str());
        else ids.insert(key);
        if (s.contains("parentSpanId") && s["parentSpanId"].is_string())
          parents.push_back(s["traceId"].get<std::string>() + s["parentSpanId"].get<std::string>());
      }
    }
  }
  KSPAN_CHECK("otlp-span-count", seen == spans, "%zu spans in OTLP, %zu given to the sink", seen, spans);
  if (normalised)
    for (const auto& p : parents)
      KSPAN_CHECK("otlp-parent-present", ids.count(p) == 1, "parent %s not in the output", p.c_str());
}

void check_tree(const std::string& text, size_t spans) {
  size_t lines = 0;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    KSPAN_CHECK("tree-ends-in-newline", end != std::string::npos, "last tree line has no newline");
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + at, end - at);
    const std::string prefix = std::to_string(lines) + ": ";
    KSPAN_CHECK("tree-one-line-per-span", line.substr(0, prefix.size()) == prefix,
                "tree line %zu does not start with its index: %.200s", lines, std::string(line).c_str());
    ++lines;
    at = end + 1;
  }
  KSPAN_CHECK("tree-one-line-per-span", lines == spans, "%zu tree lines for %zu spans", lines, spans);
}

void check_counters(const Counters& counters) {
  const json doc = json::parse(counters_to_json(counters), nullptr, false);
  KSPAN_CHECK("counters-json", !doc.is_discarded() && doc.is_object(), "counters_to_json is not a JSON object");
  (void)counters_to_text(counters);
}

}  // namespace kspan::fuzz
