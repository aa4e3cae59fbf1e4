// Where and how spans are exported, read the way the OpenTelemetry specification defines
// the OTLP exporter's environment (signal-specific variable as given, else the generic one,
// else the default). Command-line flags are applied on top by the command.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace kspan::exporter {

using Milliseconds = std::chrono::milliseconds;

enum class Protocol { kGrpc, kHttpProtobuf, kHttpJson };

// A configuration value that cannot be used; the message names the variable or flag.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TlsFiles {
  std::string certificate;         // CA bundle (PEM) that the receiver's certificate must chain to
  std::string client_certificate;  // PEM, for mutual TLS
  std::string client_key;          // PEM
};

struct RetryPolicy {
  int max_attempts = 5;
  Milliseconds initial_backoff{1000};
  Milliseconds max_backoff{5000};
  double multiplier = 1.5;
};

struct BatchPolicy {
  size_t max_batch_size = 512;
  Milliseconds schedule_delay{5000};
  size_t max_queue_size = 2048;
  // Also at most this many bytes of spans (a span's estimated heap size, queued_bytes): the
  // queue's spans vary (an event message can be 32 KiB), and the daemon's memory is what the
  // user sets a limit on (KSPAN_EXPORT_MAX_QUEUE_BYTES). One span is always let in.
  size_t max_queue_bytes = size_t{32} << 20;
  // Per batch, retries included (OTEL_BSP_EXPORT_TIMEOUT).
  Milliseconds export_timeout{30000};
};

struct ExportConfig {
  Protocol protocol = Protocol::kHttpProtobuf;
  // HTTP: the full URL spans are posted to. gRPC: as configured; see grpc_target().
  std::string endpoint;
  std::vector<std::pair<std::string, std::string>> headers;
  Milliseconds timeout{10000};  // one attempt
  bool gzip = false;
  TlsFiles tls;
  bool insecure = false;  // gRPC without a scheme: plaintext instead of TLS
  RetryPolicy retry;
  BatchPolicy batch;
};

// Reads one environment variable; nothing when unset. Injected so tests need no setenv.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment process_environment();

// protocol: the --protocol flag, which wins over the environment and decides the endpoint's form.
ExportConfig config_from_environment(const Environment& env, std::optional<Protocol> protocol = std::nullopt);

// The --endpoint flag: like OTEL_EXPORTER_OTLP_ENDPOINT, except that an HTTP URL that already
// has a path is used as given (so both http://host:4318 and a collector's custom path work).
std::string endpoint_from_flag(Protocol protocol, const std::string& url);

Protocol parse_protocol(const std::string& text);  // throws ConfigError
const char* protocol_name(Protocol protocol);

// OTEL_EXPORTER_OTLP_ENDPOINT is a base URL: HTTP appends the signal path.
std::string http_traces_url(const std::string& base_endpoint);
std::string default_endpoint(Protocol protocol);

// The endpoint of a gRPC exporter: host:port for the channel and whether to use TLS
// (https: yes, http: no, no scheme: unless insecure).
struct GrpcTarget {
  std::string authority;
  bool tls = true;
};
GrpcTarget grpc_target(const std::string& endpoint, bool insecure);

// OTEL_EXPORTER_OTLP_HEADERS: key=value,... percent-encoded.
std::vector<std::pair<std::string, std::string>> parse_headers(const std::string& text, const std::string& source);

}  // namespace kspan::exporter
