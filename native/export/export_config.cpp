#include "export_config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "resource_attributes.hpp"

namespace kspan::exporter {
namespace {

constexpr const char* kGeneric = "OTEL_EXPORTER_OTLP_";
constexpr const char* kTraces = "OTEL_EXPORTER_OTLP_TRACES_";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The traces-specific variable wins over the generic one; returns the name it came from.
std::optional<std::pair<std::string, std::string>> lookup(const Environment& env, const std::string& suffix) {
  for (const char* prefix : {kTraces, kGeneric}) {
    std::string name = prefix + suffix;
    if (auto value = env(name); value && !value->empty()) return std::make_pair(name, *value);
  }
  return std::nullopt;
}

uint64_t parse_count(const std::string& name, const std::string& text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    throw ConfigError(name + ": expected a non-negative integer, got '" + text + "'");
  return value;
}

Milliseconds parse_millis(const std::string& name, const std::string& text) {
  return Milliseconds(static_cast<int64_t>(parse_count(name + " (milliseconds)", text)));
}

bool parse_bool(const std::string& name, const std::string& text) {
  std::string value = lower(text);
  if (value == "true") return true;
  if (value == "false") return false;
  throw ConfigError(name + ": expected true or false, got '" + text + "'");
}

bool parse_compression(const std::string& name, const std::string& text) {
  std::string value = lower(text);
  if (value == "gzip") return true;
  if (value == "none") return false;
  throw ConfigError(name + ": expected gzip or none, got '" + text + "'");
}

void read_batch_policy(const Environment& env, BatchPolicy& batch) {
  auto read = [&env](const char* name, auto apply) {
    if (auto value = env(name); value && !value->empty()) apply(name, *value);
  };
  read("OTEL_BSP_SCHEDULE_DELAY", [&](auto n, auto v) { batch.schedule_delay = parse_millis(n, v); });
  read("OTEL_BSP_EXPORT_TIMEOUT", [&](auto n, auto v) { batch.export_timeout = parse_millis(n, v); });
  read("OTEL_BSP_MAX_QUEUE_SIZE", [&](auto n, auto v) { batch.max_queue_size = parse_count(n, v); });
  read("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", [&](auto n, auto v) { batch.max_batch_size = parse_count(n, v); });
  read("KSPAN_EXPORT_MAX_QUEUE_BYTES", [&](auto n, auto v) { batch.max_queue_bytes = parse_count(n, v); });
}

}  // namespace

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  };
}

Protocol parse_protocol(const std::string& text) {
  if (text == "grpc") return Protocol::kGrpc;
  if (text == "http/protobuf") return Protocol::kHttpProtobuf;
  if (text == "http/json") return Protocol::kHttpJson;
  throw ConfigError("unknown protocol '" + text + "' (grpc, http/protobuf or http/json)");
}

const char* protocol_name(Protocol protocol) {
  switch (protocol) {
    case Protocol::kGrpc: return "grpc";
    case Protocol::kHttpProtobuf: return "http/protobuf";
    case Protocol::kHttpJson: return "http/json";
  }
  return "?";
}

std::string http_traces_url(const std::string& base_endpoint) {
  return base_endpoint + (base_endpoint.ends_with('/') ? "v1/traces" : "/v1/traces");
}

std::string default_endpoint(Protocol protocol) {
  return protocol == Protocol::kGrpc ? "http://localhost:4317" : http_traces_url("http://localhost:4318");
}

GrpcTarget grpc_target(const std::string& endpoint, bool insecure) {
  GrpcTarget target{endpoint, !insecure};
  if (endpoint.starts_with("http://")) {
    target = {endpoint.substr(7), false};
  } else if (endpoint.starts_with("https://")) {
    target = {endpoint.substr(8), true};
  }
  // gRPC has one service path; a path in the endpoint means nothing to it.
  if (size_t slash = target.authority.find('/'); slash != std::string::npos) target.authority.resize(slash);
  return target;
}

std::vector<std::pair<std::string, std::string>> parse_headers(const std::string& text, const std::string& source) {
  std::string error;
  auto pairs = cli::parse_resource_attributes(text, error);  // the same key=value,... syntax
  if (!pairs) throw ConfigError(source + ": " + error);
  return *pairs;
}

std::string endpoint_from_flag(Protocol protocol, const std::string& url) {
  if (protocol == Protocol::kGrpc) return url;
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  bool has_path = path != std::string::npos && path + 1 < url.size();
  return has_path ? url : http_traces_url(url);
}

ExportConfig config_from_environment(const Environment& env, std::optional<Protocol> protocol) {
  ExportConfig config;
  if (protocol) {
    config.protocol = *protocol;
  } else if (auto p = lookup(env, "PROTOCOL")) {
    try {
      config.protocol = parse_protocol(p->second);
    } catch (const ConfigError& e) {
      throw ConfigError(p->first + ": " + e.what());
    }
  }
  if (auto e = env(std::string(kTraces) + "ENDPOINT"); e && !e->empty()) {
    config.endpoint = *e;  // signal-specific: used as given
  } else if (auto g = env(std::string(kGeneric) + "ENDPOINT"); g && !g->empty()) {
    config.endpoint = config.protocol == Protocol::kGrpc ? *g : http_traces_url(*g);
  } else {
    config.endpoint = default_endpoint(config.protocol);
  }
  if (auto h = lookup(env, "HEADERS")) config.headers = parse_headers(h->second, h->first);
  if (auto t = lookup(env, "TIMEOUT")) config.timeout = parse_millis(t->first, t->second);
  if (auto c = lookup(env, "COMPRESSION")) config.gzip = parse_compression(c->first, c->second);
  if (auto c = lookup(env, "CERTIFICATE")) config.tls.certificate = c->second;
  if (auto c = lookup(env, "CLIENT_CERTIFICATE")) config.tls.client_certificate = c->second;
  if (auto c = lookup(env, "CLIENT_KEY")) config.tls.client_key = c->second;
  if (auto i = lookup(env, "INSECURE")) config.insecure = parse_bool(i->first, i->second);
  read_batch_policy(env, config.batch);
  return config;
}

}  // namespace kspan::exporter
