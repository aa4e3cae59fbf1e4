#include "http_exporter.hpp"

#include <algorithm>

#include "gzip.hpp"
#include "http_status.hpp"
#include "otlp_json_encoder.hpp"
#include "otlp_proto_encoder.hpp"

namespace kspan::exporter {

HttpExporter::HttpExporter(ExportConfig config, std::string scope_version, std::unique_ptr<HttpClient> client,
                           RetryContext retry)
    : config_(std::move(config)), scope_version_(std::move(scope_version)), client_(std::move(client)),
      retry_(std::move(retry)) {
  retry_.policy = config_.retry;
}

HttpRequest HttpExporter::encode(const SpanBatch& batch) const {
  HttpRequest request;
  request.url = config_.endpoint;
  request.headers = config_.headers;
  if (config_.protocol == Protocol::kHttpJson) {
    request.content_type = "application/json";
    request.body = encode_json(batch, scope_version_);
  } else {
    request.content_type = "application/x-protobuf";
    otlp_collector::ExportTraceServiceRequest message;
    encode_request(batch, scope_version_, message);
    message.SerializeToString(&request.body);
  }
  if (config_.gzip) {
    request.body = gzip_compress(request.body);
    request.gzip = true;
  }
  return request;
}

BatchResult HttpExporter::export_batch(const SpanBatch& batch, Clock::time_point deadline, Waiter& waiter) {
  HttpRequest request = encode(batch);
  retry_.waiter = &waiter;
  auto attempt = [&](Clock::time_point until) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - retry_.now());
    if (left.count() <= 0) return AttemptResult::retryable("export deadline reached");
    request.timeout = std::min(config_.timeout, left);
    return classify_http(client_->post(request));
  };
  return summarize(deliver_with_retry(attempt, deadline, retry_), static_cast<int64_t>(batch.size()));
}

std::string HttpExporter::describe() const { return std::string(protocol_name(config_.protocol)) + " to " + config_.endpoint; }

}  // namespace kspan::exporter
