// OTLP/gRPC: TraceService/Export through the generated stub, one channel for the
// exporter's life (gRPC reconnects by itself), retried on the statuses the spec names.
#pragma once
#include <memory>

#include "export_config.hpp"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"
#include "span_exporter.hpp"

namespace grpc {
class Channel;
}

namespace kspan::exporter {

class GrpcExporter : public SpanExporter {
 public:
  // Throws ConfigError when a certificate file cannot be read.
  GrpcExporter(ExportConfig config, std::string scope_version, RetryContext retry = {});
  BatchResult export_batch(const SpanBatch& batch, Clock::time_point deadline, Waiter& waiter) override;
  std::string describe() const override;

 private:
  ExportConfig config_;
  std::string scope_version_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<opentelemetry::proto::collector::trace::v1::TraceService::Stub> stub_;
  RetryContext retry_;
};

// The channel credentials the configuration asks for (TLS files are read here).
std::shared_ptr<grpc::Channel> make_grpc_channel(const ExportConfig& config);

}  // namespace kspan::exporter
