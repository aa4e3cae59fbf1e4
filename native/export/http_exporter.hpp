// OTLP/HTTP: encodes a batch once (protobuf or JSON, gzip if asked), then posts it through
// an HttpClient until it is accepted, refused, or out of attempts or time.
#pragma once
#include <memory>

#include "export_config.hpp"
#include "http_client.hpp"
#include "span_exporter.hpp"

namespace kspan::exporter {

class HttpExporter : public SpanExporter {
 public:
  HttpExporter(ExportConfig config, std::string scope_version, std::unique_ptr<HttpClient> client,
               RetryContext retry = {});
  BatchResult export_batch(const SpanBatch& batch, Clock::time_point deadline, Waiter& waiter) override;
  std::string describe() const override;

  // The request of a batch without sending it (tests, benchmarks).
  HttpRequest encode(const SpanBatch& batch) const;

 private:
  ExportConfig config_;
  std::string scope_version_;
  std::unique_ptr<HttpClient> client_;
  RetryContext retry_;
};

}  // namespace kspan::exporter
