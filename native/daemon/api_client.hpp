// Requests to the Kubernetes API server over libcurl (HTTP/2 when the server offers it, TLS
// verified against the cluster's CA): plain requests and line-by-line watch streams.
// Thread-safe: each call uses its own connection, so every watch runs on its own thread.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "cluster_config.hpp"
#include "credentials.hpp"
#include "server_route.hpp"

namespace kspan::daemon {

constexpr const char* kAcceptJson = "application/json";
// Metadata only (name, uid, ownerReferences, managedFields...): a fraction of the bytes.
constexpr const char* kAcceptMetadataList = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
constexpr const char* kAcceptMetadata = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";

struct ApiResponse {
  long status = 0;    // the HTTP status; 0 when there was no answer
  std::string body;   // a watch's body only when the status is not 200
  std::string error;  // why there was no answer (status 0), or why the stream ended early
  bool ok() const { return status >= 200 && status < 300; }
};

struct Request {
  std::string method = "GET";
  std::string path;  // with the query: /api/v1/events?limit=500
  std::string accept = kAcceptJson;
  std::string body;
  std::string content_type = "application/json";
  std::chrono::seconds timeout{60};
  const std::atomic<bool>* stop = nullptr;  // when it becomes true, the request ends at once
};

// One line of a watch stream (without its newline); return false to end the stream.
using LineHandler = std::function<bool(std::string_view line)>;

class ApiClient {
 public:
  // Reads no files yet; the TLS files are read by libcurl on each connection.
  ApiClient(const ClusterConfig& config, std::string user_agent);
  ~ApiClient();

  ApiResponse send(const Request& request);
  ApiResponse get(const std::string& path, const std::string& accept = kAcceptJson);
  // A watch: on_line for every line until the server ends the stream, on_line says stop, stop
  // becomes true (checked at least once a second) or nothing arrives for idle_timeout.
  ApiResponse stream(const std::string& path, const std::string& accept, const LineHandler& on_line,
                     const std::atomic<bool>& stop, std::chrono::seconds idle_timeout);

  const std::string& server() const { return config_.server; }
  const ClusterConfig& config() const { return config_; }

 private:
  struct Transfer;
  ApiResponse perform(Transfer& transfer, const Request& request);
  ApiResponse with_reauth(const std::function<ApiResponse()>& attempt);

  ClusterConfig config_;
  ServerRoute route_;
  std::string user_agent_;
  std::shared_ptr<Credentials> credentials_;
};

}  // namespace kspan::daemon
