// What an OTLP/HTTP answer means for the batch (OTLP specification, "OTLP/HTTP Response"):
// 2xx accepted (maybe partially), 429/502/503/504 retryable honouring Retry-After,
// other statuses permanent, no answer retryable.
#pragma once
#include <chrono>
#include <optional>
#include <string>

#include "export_result.hpp"
#include "http_client.hpp"

namespace kspan::exporter {

AttemptResult classify_http(const HttpResponse& response);

// Retry-After: delta-seconds or an HTTP-date (RFC 9110); now is for the date form.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now);

}  // namespace kspan::exporter
