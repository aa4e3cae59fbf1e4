#include "grpc_exporter.hpp"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "grpc_status.hpp"
#include "otlp_proto_encoder.hpp"

namespace kspan::exporter {
namespace {

std::string read_pem(const std::string& path, const char* what) {
  if (path.empty()) return {};
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) throw ConfigError("cannot read the " + std::string(what) + " " + path);
  return text.str();
}

std::shared_ptr<grpc::ChannelCredentials> credentials(const ExportConfig& config, bool tls) {
  if (!tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = read_pem(config.tls.certificate, "certificate");
  options.pem_cert_chain = read_pem(config.tls.client_certificate, "client certificate");
  options.pem_private_key = read_pem(config.tls.client_key, "client key");
  return grpc::SslCredentials(options);
}

// gRPC metadata keys are lower case; HTTP header names are not case-sensitive anyway.
std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

std::shared_ptr<grpc::Channel> make_grpc_channel(const ExportConfig& config) {
  GrpcTarget target = grpc_target(config.endpoint, config.insecure);
  grpc::ChannelArguments arguments;
  // Batches can be large; the receiver decides what it accepts.
  arguments.SetMaxSendMessageSize(-1);
  // Retries are ours (counted and reported); gRPC's own would hide attempts.
  arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  if (config.gzip) arguments.SetCompressionAlgorithm(GRPC_COMPRESS_GZIP);
  return grpc::CreateCustomChannel(target.authority, credentials(config, target.tls), arguments);
}

GrpcExporter::GrpcExporter(ExportConfig config, std::string scope_version, RetryContext retry)
    : config_(std::move(config)), scope_version_(std::move(scope_version)), channel_(make_grpc_channel(config_)),
      stub_(opentelemetry::proto::collector::trace::v1::TraceService::NewStub(channel_)), retry_(std::move(retry)) {
  retry_.policy = config_.retry;
}

BatchResult GrpcExporter::export_batch(const SpanBatch& batch, Clock::time_point deadline, Waiter& waiter) {
  otlp_collector::ExportTraceServiceRequest request;
  encode_request(batch, scope_version_, request);
  retry_.waiter = &waiter;
  auto attempt = [&](Clock::time_point until) {
    if (retry_.now() >= until) return AttemptResult::retryable("export deadline reached");
    grpc::ClientContext context;
    // gRPC deadlines are wall-clock times.
    auto left = std::min<Clock::duration>(until - retry_.now(), config_.timeout);
    context.set_deadline(std::chrono::system_clock::now() + left);
    for (const auto& [key, value] : config_.headers) context.AddMetadata(lower(key), value);
    otlp_collector::ExportTraceServiceResponse response;
    grpc::Status status = stub_->Export(&context, request, &response);
    return classify_grpc(status, response);
  };
  return summarize(deliver_with_retry(attempt, deadline, retry_), static_cast<int64_t>(batch.size()));
}

std::string GrpcExporter::describe() const {
  GrpcTarget target = grpc_target(config_.endpoint, config_.insecure);
  return std::string("grpc to ") + target.authority + (target.tls ? " (TLS)" : " (plaintext)");
}

}  // namespace kspan::exporter
