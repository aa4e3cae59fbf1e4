// An OTLP receiver for tests and benchmarks: gRPC and HTTP (protobuf and JSON), plain or
// TLS, on loopback ports of its own choosing. It records what arrives and answers as it is
// told: refusals (with Retry-After or RetryInfo) or partial successes, then acceptance.
#pragma once
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace httplib {
class Server;
}

namespace kspan::exporter::test {

namespace collector = opentelemetry::proto::collector::trace::v1;

// How to answer one request. The default accepts.
struct Answer {
  int http_status = 200;
  grpc::StatusCode grpc_code = grpc::OK;
  std::string retry_after;                            // HTTP Retry-After header
  std::optional<std::chrono::milliseconds> retry_info;  // gRPC google.rpc.RetryInfo
  int64_t rejected_spans = 0;                         // > 0 with 200/OK: partial success
  std::string message;

  static Answer refuse(int http, grpc::StatusCode code, std::string retry_after = {}) {
    Answer a;
    a.http_status = http;
    a.grpc_code = code;
    a.retry_after = std::move(retry_after);
    a.message = "refused by the test receiver";
    return a;
  }
};

struct Received {
  std::string transport;  // grpc, http/protobuf, http/json
  collector::ExportTraceServiceRequest request;
  std::multimap<std::string, std::string> headers;  // lower-case names
};

struct TlsOptions {
  std::string certificate_file;  // the server's (PEM)
  std::string key_file;
};

class TestReceiver {
 public:
  // keep: store every accepted request (tests); false only counts spans (benchmarks).
  explicit TestReceiver(std::optional<TlsOptions> tls = std::nullopt, bool keep = true);
  ~TestReceiver();

  std::string http_endpoint() const;  // base URL, e.g. http://127.0.0.1:34567
  std::string grpc_endpoint() const;  // e.g. http://127.0.0.1:34568 (https:// with TLS)

  // The next requests get these answers, in order; then requests are accepted.
  void script(std::vector<Answer> answers);

  std::vector<Received> received() const;
  size_t requests() const;  // answered, refused ones included
  size_t spans() const;     // in accepted requests (partial successes included)

  // Shared by both transports: records and decides.
  Answer answer(const std::string& transport, collector::ExportTraceServiceRequest&& request,
                std::multimap<std::string, std::string> headers);

 private:
  class Service;
  void start_http(const std::optional<TlsOptions>& tls);
  void start_grpc(const std::optional<TlsOptions>& tls);

  bool keep_;
  bool tls_;
  mutable std::mutex mutex_;
  std::deque<Answer> script_;
  std::vector<Received> received_;
  size_t requests_ = 0;
  size_t spans_ = 0;

  std::unique_ptr<httplib::Server> http_;
  std::thread http_thread_;
  int http_port_ = 0;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> grpc_;
  int grpc_port_ = 0;
};

// Spans in a request.
size_t span_count(const collector::ExportTraceServiceRequest& request);

// A partial success for ExportTraceServiceResponse, which the pinned protos lack: set by
// field number through protobuf's unknown-field API.
void set_partial_success(collector::ExportTraceServiceResponse& response, int64_t rejected, const std::string& message);

// A serialized google.rpc.Status carrying a google.rpc.RetryInfo (grpc-status-details-bin).
std::string retry_info_status(grpc::StatusCode code, const std::string& message, std::chrono::milliseconds delay);

// A port that accepts connections and never answers.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace kspan::exporter::test
