#include "parsed_span.hpp"

#include <catch2/catch.hpp>
#include <cstdio>

namespace kspan::test {

using nlohmann::json;

std::string ParsedSpan::attr(const std::string& key) const {
  if (!attributes.contains(key)) return "<absent>";
  const json& v = attributes[key];
  if (v.contains("stringValue")) return v["stringValue"].get<std::string>();
  if (v.contains("intValue")) return v["intValue"].get<std::string>();
  if (v.contains("boolValue")) return v["boolValue"].get<bool>() ? "true" : "false";
  return v.dump();
}

std::vector<ParsedSpan> spans_of(const std::string& otlp) {
  std::vector<ParsedSpan> out;
  json doc = json::parse(otlp, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  for (const auto& rs : doc["resourceSpans"]) {
    std::string service;
    for (const auto& a : rs["resource"]["attributes"])
      if (a["key"] == "service.name") service = a["value"]["stringValue"];
    for (const auto& ss : rs["scopeSpans"])
      for (const auto& s : ss["spans"]) {
        ParsedSpan v;
        v.name = s["name"];
        v.trace_id = s["traceId"];
        v.span_id = s["spanId"];
        v.parent_span_id = s.value("parentSpanId", "");
        v.service = service;
        v.start = std::stoll(s["startTimeUnixNano"].get<std::string>());
        v.end = std::stoll(s["endTimeUnixNano"].get<std::string>());
        if (s.contains("status") && s["status"].contains("code")) v.status_code = s["status"]["code"];
        if (s.contains("status") && s["status"].contains("message")) v.status_message = s["status"]["message"];
        for (const auto& a : s["attributes"]) v.attributes[a["key"].get<std::string>()] = a["value"];
        if (s.contains("links")) v.links = s["links"];
        out.push_back(std::move(v));
      }
  }
  return out;
}

const ParsedSpan& find(const std::vector<ParsedSpan>& spans, const std::string& name, const std::string& message) {
  const ParsedSpan* found = nullptr;
  int n = 0;
  for (const auto& s : spans)
    if (s.name == name && (message.empty() || s.message() == message)) {
      found = &s;
      ++n;
    }
  INFO("span " << name << " " << message);
  REQUIRE(n == 1);
  return *found;
}

const ParsedSpan* span_named(const std::vector<ParsedSpan>& spans, const std::string& name) {
  for (const auto& s : spans)
    if (s.name == name) return &s;
  return nullptr;
}

const ParsedSpan* by_id(const std::vector<ParsedSpan>& spans, const std::string& id) {
  for (const auto& s : spans)
    if (s.span_id == id) return &s;
  return nullptr;
}

std::string fnv64_hex(const std::string& bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string fnv128_hex(const std::string& bytes) {
  unsigned __int128 h = (static_cast<unsigned __int128>(0x6c62272e07bb0142ULL) << 64) | 0x62b821756295c58dULL;
  const unsigned __int128 prime = (static_cast<unsigned __int128>(0x0000000001000000ULL) << 64) | 0x13bULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= prime;
  }
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h >> 64),
                static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace kspan::test
