// A Kubernetes API server for tests and benchmarks: HTTPS with a test CA, bearer tokens or
// client certificates,
// discovery (/api, /apis), lists with limit/continue and resourceVersion, chunked watch streams
// with bookmarks and 410 Gone, metadata-only answers (PartialObjectMetadata), core/v1 and
// events.k8s.io/v1 Events (one store, two views), get/create/update for Leases. Faults on
// demand: watches closed mid-stream, history compacted (410), resources refused, tokens changed,
// the server gone for a while.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace kspan::daemon::test {

// How the server treats client certificates.
enum class ClientCertificates {
  kIgnore,   // never asked for: tokens only
  // As kube-apiserver does: asked for, never required at the handshake; a certificate that
  // verifies against client_ca_file authenticates the request, any other is as if none were
  // sent (so without a valid token the answer is 401).
  kAccept,
  // Mutual TLS: the handshake fails without a certificate signed by client_ca_file (as a proxy
  // or load balancer in front of an API server may demand).
  kRequire,
};

struct SimulatorOptions {
  std::string certificate_file;  // PEM; the server's
  std::string key_file;
  std::set<std::string> tokens = {"test-token"};
  ClientCertificates client_certificates = ClientCertificates::kIgnore;
  std::string client_ca_file;  // PEM; the CA that signs accepted client certificates
  std::chrono::milliseconds bookmark_interval{1000};
  size_t history = 100000;  // watch events kept; a watch from before them gets 410
};

// One served resource (what discovery lists).
struct SimResource {
  std::string group, version, kind, plural;
  bool namespaced = true;
  std::string key() const { return group + "/" + plural; }
};

class ApiSimulator {
 public:
  explicit ApiSimulator(SimulatorOptions options);
  ~ApiSimulator();

  std::string server() const;  // https://127.0.0.1:PORT
  int port() const { return port_; }

  // Creates or updates an object (core/v1 Events included); its kind picks the resource. The
  // resourceVersion is the simulator's, unless the object's own is larger (captures keep theirs).
  // Returns the resourceVersion given.
  int64_t apply(nlohmann::json object);
  void remove(const std::string& kind, const std::string& namespace_name, const std::string& name);
  size_t count(const std::string& kind) const;

  // Faults.
  void set_tokens(std::set<std::string> tokens);
  void close_watches();           // every open watch ends now, cleanly
  void compact();                 // history dropped: watches from before now get 410 (open ones too)
  void refuse(const std::string& kind, int status);  // lists and watches of kind answer status (0: no more)
  void stop_serving();            // the server goes away (connections dropped)
  void start_serving();           // and comes back on the same port

  // Observations.
  size_t requests_matching(const std::string& path_part) const;
  size_t open_watches() const;
  size_t unauthorized() const;
  // Requests authenticated by a verified client certificate (not by a token).
  size_t certificate_logins() const;

 private:
  struct Stored {
    nlohmann::json object;
    int64_t rv = 0;
  };
  struct Change {
    int64_t rv;
    std::string resource;  // SimResource::key()
    std::string type;
    nlohmann::json object;
  };
  struct Route {
    const SimResource* resource = nullptr;
    std::string namespace_name;
    std::string name;
  };

  void listen();
  void handle(const httplib::Request& req, httplib::Response& res);
  bool authorized(const httplib::Request& req);
  void serve_list(const Route& route, const httplib::Request& req, httplib::Response& res);
  void serve_watch(const Route& route, const httplib::Request& req, httplib::Response& res);
  struct WatchState;
  // The next lines of one watch; end: the stream ends after them. False: drop the connection.
  bool next_lines(WatchState& state, std::vector<std::string>& lines, bool& end);
  void serve_get(const Route& route, httplib::Response& res);
  void serve_write(const Route& route, const httplib::Request& req, httplib::Response& res);
  void serve_discovery(const std::string& path, httplib::Response& res);
  nlohmann::json present(const SimResource& resource, const nlohmann::json& object, bool metadata_only) const;
  const SimResource* resource_for_kind(const std::string& kind) const;
  int64_t record_change(const SimResource& r, const std::string& type, nlohmann::json object, int64_t wanted_rv);

  SimulatorOptions options_;
  std::vector<SimResource> resources_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, std::map<std::string, Stored>> store_;  // resource -> ns/name -> object
  std::deque<Change> history_;
  int64_t rv_ = 1000;
  int64_t compacted_rv_ = 0;  // watches from below this get 410
  uint64_t close_generation_ = 0;
  uint64_t compact_generation_ = 0;
  std::map<std::string, int> refused_;  // kind -> status
  std::map<std::string, size_t> requests_;
  size_t open_watches_ = 0;
  size_t unauthorized_ = 0;
  size_t certificate_logins_ = 0;
  std::atomic<bool> serving_{false};

  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
};

// Problem answers as the API server writes them (a Status object).
nlohmann::json status_object(int code, const std::string& reason, const std::string& message);

// A core/v1 Event as events.k8s.io/v1 shows it.
nlohmann::json as_events_k8s_io(const nlohmann::json& core_event);

}  // namespace kspan::daemon::test
