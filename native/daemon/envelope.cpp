#include "envelope.hpp"

#include "clock.hpp"

namespace kspan::daemon {

std::optional<std::string> with_observed_at(std::string_view line, int64_t observed_ns) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (line.empty() || line.back() != '}') return std::nullopt;
  std::string out;
  out.reserve(line.size() + 48);
  out.append(line.substr(0, line.size() - 1));
  out.append(",\"observedAt\":\"").append(rfc3339_ns(observed_ns)).append("\"}\n");
  return out;
}

std::string metadata_envelope(std::string_view type, std::string_view api_version, std::string_view kind,
                              std::string_view metadata, int64_t observed_ns) {
  // Names as JSON strings: a kind or group has no character that needs escaping.
  std::string out;
  out.reserve(metadata.size() + 160);
  out.append("{\"type\":\"").append(type).append("\",\"object\":{\"apiVersion\":\"").append(api_version);
  out.append("\",\"kind\":\"").append(kind).append("\",\"metadata\":").append(metadata);
  out.append("},\"observedAt\":\"").append(rfc3339_ns(observed_ns)).append("\"}\n");
  return out;
}

std::string envelope(std::string_view type, const nlohmann::json& object, std::optional<int64_t> observed_ns) {
  std::string out = "{\"type\":\"";
  out.append(type).append("\",\"object\":");
  out.append(object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (observed_ns) out.append(",\"observedAt\":\"").append(rfc3339_ns(*observed_ns)).append("\"");
  out.append("}\n");
  return out;
}

}  // namespace kspan::daemon
