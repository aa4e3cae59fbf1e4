#include "test_receiver.hpp"

#include <arpa/inet.h>
#include <google/protobuf/unknown_field_set.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "otlp_json.hpp"

namespace kspan::exporter::test {
namespace {

using google::protobuf::UnknownFieldSet;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string serialized(const UnknownFieldSet& fields) {
  std::string out;
  fields.SerializeToString(&out);
  return out;
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

// google.rpc.Status with a google.rpc.RetryInfo detail, by field numbers (no google/rpc
// protos are packaged): Status{code=1, message=2, details=3: Any{type_url=1, value=2}},
// RetryInfo{retry_delay=1: Duration{seconds=1, nanos=2}}.
std::string retry_info_status(grpc::StatusCode code, const std::string& message, std::chrono::milliseconds delay) {
  UnknownFieldSet duration;
  duration.AddVarint(1, static_cast<uint64_t>(delay.count() / 1000));
  duration.AddVarint(2, static_cast<uint64_t>((delay.count() % 1000) * 1000000));
  UnknownFieldSet retry_info;
  retry_info.AddLengthDelimited(1, serialized(duration));
  UnknownFieldSet any;
  any.AddLengthDelimited(1, "type.googleapis.com/google.rpc.RetryInfo");
  any.AddLengthDelimited(2, serialized(retry_info));
  UnknownFieldSet status;
  status.AddVarint(1, static_cast<uint64_t>(code));
  status.AddLengthDelimited(2, message);
  status.AddLengthDelimited(3, serialized(any));
  return serialized(status);
}

size_t span_count(const collector::ExportTraceServiceRequest& request) {
  size_t n = 0;
  for (const auto& rs : request.resource_spans())
    for (const auto& ss : rs.scope_spans()) n += static_cast<size_t>(ss.spans_size());
  return n;
}

void set_partial_success(collector::ExportTraceServiceResponse& response, int64_t rejected, const std::string& message) {
  UnknownFieldSet partial;
  partial.AddVarint(1, static_cast<uint64_t>(rejected));
  partial.AddLengthDelimited(2, message);
  response.GetReflection()->MutableUnknownFields(&response)->AddLengthDelimited(1, serialized(partial));
}

class TestReceiver::Service : public collector::TraceService::Service {
 public:
  explicit Service(TestReceiver& receiver) : receiver_(receiver) {}
  grpc::Status Export(grpc::ServerContext* context, const collector::ExportTraceServiceRequest* request,
                      collector::ExportTraceServiceResponse* response) override {
    std::multimap<std::string, std::string> headers;
    for (const auto& [key, value] : context->client_metadata())
      headers.emplace(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
    Answer a = receiver_.answer("grpc", collector::ExportTraceServiceRequest(*request), std::move(headers));
    if (a.grpc_code == grpc::OK) {
      if (a.rejected_spans > 0) set_partial_success(*response, a.rejected_spans, a.message);
      return grpc::Status::OK;
    }
    if (a.retry_info) return grpc::Status(a.grpc_code, a.message, retry_info_status(a.grpc_code, a.message, *a.retry_info));
    return grpc::Status(a.grpc_code, a.message);
  }

 private:
  TestReceiver& receiver_;
};

TestReceiver::TestReceiver(std::optional<TlsOptions> tls, bool keep) : keep_(keep), tls_(tls.has_value()) {
  start_http(tls);
  start_grpc(tls);
}

TestReceiver::~TestReceiver() {
  grpc_->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
  http_->stop();
  if (http_thread_.joinable()) http_thread_.join();
}

void TestReceiver::start_http(const std::optional<TlsOptions>& tls) {
  if (tls) http_ = std::make_unique<httplib::SSLServer>(tls->certificate_file.c_str(), tls->key_file.c_str());
  else http_ = std::make_unique<httplib::Server>();
  // Without it, a small response body written after its headers waits for a delayed ACK
  // (40 ms): the benchmark would measure the receiver's socket, not the exporter.
  http_->set_tcp_nodelay(true);
  http_->Post("/v1/traces", [this](const httplib::Request& req, httplib::Response& res) {
    bool json = req.get_header_value("Content-Type").find("json") != std::string::npos;
    collector::ExportTraceServiceRequest request;
    std::string error = json ? parse_otlp_json(req.body, request)
                             : (request.ParseFromString(req.body) ? "" : "not an ExportTraceServiceRequest");
    if (!error.empty()) {
      res.status = 400;
      res.set_content(error, "text/plain");
      return;
    }
    std::multimap<std::string, std::string> headers;
    for (const auto& [key, value] : req.headers) headers.emplace(lower(key), value);
    Answer a = answer(json ? "http/json" : "http/protobuf", std::move(request), std::move(headers));
    res.status = a.http_status;
    if (!a.retry_after.empty()) res.set_header("Retry-After", a.retry_after);
    if (a.http_status != 200) return res.set_content(a.message, "text/plain");
    if (json) {
      std::string body = a.rejected_spans > 0 ? "{\"partialSuccess\":{\"rejectedSpans\":\"" +
                                                    std::to_string(a.rejected_spans) + "\",\"errorMessage\":\"" +
                                                    a.message + "\"}}"
                                              : "{}";
      return res.set_content(body, "application/json");
    }
    collector::ExportTraceServiceResponse response;
    if (a.rejected_spans > 0) set_partial_success(response, a.rejected_spans, a.message);
    res.set_content(response.SerializeAsString(), "application/x-protobuf");
  });
  http_port_ = http_->bind_to_any_port("127.0.0.1");
  if (http_port_ <= 0) throw std::runtime_error("test receiver: cannot bind an HTTP port");
  http_thread_ = std::thread([this] { http_->listen_after_bind(); });
  while (!http_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void TestReceiver::start_grpc(const std::optional<TlsOptions>& tls) {
  service_ = std::make_unique<Service>(*this);
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (tls) {
    grpc::SslServerCredentialsOptions options;
    options.pem_key_cert_pairs.push_back({read_file(tls->key_file), read_file(tls->certificate_file)});
    credentials = grpc::SslServerCredentials(options);
  }
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", credentials, &grpc_port_);
  builder.RegisterService(service_.get());
  builder.SetMaxReceiveMessageSize(-1);
  grpc_ = builder.BuildAndStart();
  if (!grpc_ || grpc_port_ <= 0) throw std::runtime_error("test receiver: cannot start the gRPC server");
}

std::string TestReceiver::http_endpoint() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(http_port_);
}

std::string TestReceiver::grpc_endpoint() const {
  // TLS certificates name "localhost"; gRPC checks the name it connects to.
  return tls_ ? "https://localhost:" + std::to_string(grpc_port_) : "http://127.0.0.1:" + std::to_string(grpc_port_);
}

void TestReceiver::script(std::vector<Answer> answers) {
  std::lock_guard lock(mutex_);
  script_.assign(answers.begin(), answers.end());
}

Answer TestReceiver::answer(const std::string& transport, collector::ExportTraceServiceRequest&& request,
                            std::multimap<std::string, std::string> headers) {
  std::lock_guard lock(mutex_);
  ++requests_;
  Answer a;
  if (!script_.empty()) {
    a = script_.front();
    script_.pop_front();
  }
  bool accepted = (a.http_status == 200 && transport != "grpc") || (a.grpc_code == grpc::OK && transport == "grpc");
  if (accepted) {
    spans_ += span_count(request);
    if (keep_) received_.push_back({transport, std::move(request), std::move(headers)});
  }
  return a;
}

std::vector<Received> TestReceiver::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

size_t TestReceiver::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

size_t TestReceiver::spans() const {
  std::lock_guard lock(mutex_);
  return spans_;
}

SilentListener::SilentListener() {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 || listen(fd_, 16) != 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
    throw std::runtime_error("silent listener: cannot listen");
  port_ = ntohs(address.sin_port);  // the kernel completes handshakes; nobody ever reads
}

SilentListener::~SilentListener() { close(fd_); }

}  // namespace kspan::exporter::test
