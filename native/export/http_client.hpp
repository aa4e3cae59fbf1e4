// The transport of OTLP/HTTP: one POST, one answer. An interface so the exporter's
// retry and deadline logic is tested with a scripted client, without a network.
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "export_config.hpp"

namespace kspan::exporter {

struct HttpRequest {
  std::string url;
  std::string body;
  std::string content_type;
  bool gzip = false;  // body is gzip-compressed
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{10000};
};

struct HttpResponse {
  long status = 0;              // 0: no HTTP answer at all
  std::string transport_error;  // why there was no answer (refused, timeout, TLS...)
  bool timed_out = false;
  std::string body;
  std::string content_type;
  std::string retry_after;      // the Retry-After header, raw
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Never throws for network problems: they are part of the answer.
  virtual HttpResponse post(const HttpRequest& request) = 0;
};

}  // namespace kspan::exporter
