#include "otlp_json.hpp"

#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

namespace kspan::exporter::test {
namespace {

std::string base64(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[n & 63] : '=';
  }
  return out;
}

std::string hex_to_base64(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return base64(bytes);
}

void fix_ids(nlohmann::json& object) {
  for (const char* key : {"traceId", "spanId", "parentSpanId"})
    if (object.contains(key) && object[key].is_string()) object[key] = hex_to_base64(object[key].get<std::string>());
}

}  // namespace

std::string parse_otlp_json(const std::string& text, ExportTraceServiceRequest& request) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return "not a JSON object";
  if (!json.contains("resourceSpans")) return "no resourceSpans";
  for (auto& rs : json["resourceSpans"])
    for (auto& ss : rs.at("scopeSpans"))
      for (auto& span : ss.at("spans")) {
        fix_ids(span);
        if (span.contains("links"))
          for (auto& link : span["links"]) fix_ids(link);
      }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(json.dump(), &request, options);
  return status.ok() ? std::string() : status.ToString();
}

}  // namespace kspan::exporter::test
