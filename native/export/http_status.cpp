#include "http_status.hpp"

#include <charconv>
#include <ctime>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "partial_success.hpp"

namespace kspan::exporter {
namespace {

bool is_json(const HttpResponse& response) { return response.content_type.find("json") != std::string::npos; }

std::optional<PartialSuccess> partial_success_in(const HttpResponse& response) {
  if (response.body.empty()) return std::nullopt;
  if (is_json(response)) return partial_success_from_json(response.body);
  opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse parsed;
  if (!parsed.ParseFromString(response.body)) return std::nullopt;
  return partial_success_of(parsed);
}

std::string describe_status(const HttpResponse& response) {
  std::string text = "HTTP " + std::to_string(response.status);
  std::string detail = is_json(response) ? status_message_from_json(response.body)
                                         : status_message_from_protobuf(response.body);
  if (detail.empty() && response.content_type.starts_with("text/")) detail = response.body.substr(0, 200);
  if (!detail.empty()) text += ": " + detail;
  return text;
}

bool retryable_status(long status) { return status == 429 || status == 502 || status == 503 || status == 504; }

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now) {
  if (value.empty()) return std::nullopt;
  int64_t seconds = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error == std::errc() && end == value.data() + value.size() && seconds >= 0)
    return std::chrono::seconds(seconds);
  std::tm tm{};
  const char* parsed = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!parsed || *parsed != '\0') return std::nullopt;
  auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(when - now);
  return wait.count() > 0 ? wait : std::chrono::milliseconds(0);
}

AttemptResult classify_http(const HttpResponse& response) {
  if (response.status == 0) {
    // The server may have gone away mid-request; the specification asks to send again.
    return AttemptResult::retryable(response.timed_out ? "no answer in time (" + response.transport_error + ")"
                                                       : response.transport_error);
  }
  if (response.status >= 200 && response.status < 300) {
    auto partial = partial_success_in(response);
    return partial ? AttemptResult::accepted(partial->rejected_spans, partial->error_message)
                   : AttemptResult::accepted();
  }
  if (retryable_status(response.status))
    return AttemptResult::retryable(describe_status(response),
                                    parse_retry_after(response.retry_after, std::chrono::system_clock::now()));
  return AttemptResult::permanent(describe_status(response));
}

}  // namespace kspan::exporter
