#include "resource_attributes.hpp"

#include <cstdlib>
#include <iostream>

namespace kspan::cli {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;  // a cut-off escape
    int high = hex_value(s[i + 1]), low = hex_value(s[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

}  // namespace

std::optional<AttributeList> parse_resource_attributes(std::string_view text, std::string& error) {
  AttributeList result;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;  // tolerate `a=1,,b=2` and a trailing comma
    size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      error = "entry without '=': " + std::string(item);
      return std::nullopt;
    }
    auto key = percent_decode(trim(item.substr(0, equals)));
    auto value = percent_decode(trim(item.substr(equals + 1)));
    if (!key || !value) {
      error = "bad percent-encoding in: " + std::string(item);
      return std::nullopt;
    }
    if (key->empty()) {
      error = "empty key in: " + std::string(item);
      return std::nullopt;
    }
    result.emplace_back(std::move(*key), std::move(*value));
  }
  return result;
}

void apply_resource_environment(const std::optional<std::string>& cluster_flag, kspan::Settings& settings) {
  static constexpr std::string_view kClusterKey = "k8s.cluster.name";  // the core sets it from cluster_name
  std::optional<std::string> env_cluster;
  if (const char* env = std::getenv("OTEL_RESOURCE_ATTRIBUTES"); env && *env) {
    std::string error;
    if (auto attributes = parse_resource_attributes(env, error)) {
      for (auto& [key, value] : *attributes) {
        if (key == kClusterKey) env_cluster = value;
        else settings.resource_attributes.emplace_back(key, value);
      }
    } else {
      std::cerr << "kspan: OTEL_RESOURCE_ATTRIBUTES ignored: " << error << '\n';
    }
  }
  if (cluster_flag) settings.cluster_name = *cluster_flag;
  else if (env_cluster) settings.cluster_name = *env_cluster;
}

}  // namespace kspan::cli
