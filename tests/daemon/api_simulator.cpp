#include "api_simulator.hpp"

#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <random>
#include <sstream>

namespace kspan::daemon::test {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<SimResource> builtin_resources() {
  return {
      {"", "v1", "Pod", "pods", true},           {"", "v1", "Event", "events", true},
      {"", "v1", "Node", "nodes", false},        {"", "v1", "Namespace", "namespaces", false},
      {"", "v1", "Service", "services", true},   {"", "v1", "ReplicationController", "replicationcontrollers", true},
      {"apps", "v1", "Deployment", "deployments", true}, {"apps", "v1", "ReplicaSet", "replicasets", true},
      {"apps", "v1", "StatefulSet", "statefulsets", true}, {"apps", "v1", "DaemonSet", "daemonsets", true},
      {"batch", "v1", "Job", "jobs", true},      {"batch", "v1", "CronJob", "cronjobs", true},
      {"events.k8s.io", "v1", "Event", "events", true},
      {"coordination.k8s.io", "v1", "Lease", "leases", true},
  };
}

// Core and events.k8s.io Events are one store, as in a real server.
std::string store_key(const SimResource& r) { return r.group == "events.k8s.io" ? "/events" : r.key(); }

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '/'))
    if (!part.empty()) out.push_back(part);
  return out;
}

std::string object_key(const json& object) {
  const json& meta = object["metadata"];
  return meta.value("namespace", "") + "/" + meta.value("name", "");
}

void answer(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

json resource_list(const std::string& group_version, const std::vector<SimResource>& resources) {
  json list{{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", group_version}, {"resources", json::array()}};
  for (const auto& r : resources) {
    const std::string gv = r.group.empty() ? r.version : r.group + "/" + r.version;
    if (gv != group_version) continue;
    list["resources"].push_back({{"name", r.plural}, {"singularName", ""}, {"namespaced", r.namespaced}, {"kind", r.kind},
                                 {"verbs", {"create", "delete", "get", "list", "patch", "update", "watch"}}});
  }
  return list;
}

// A client certificate the handshake let through (kAccept lets any through) counts only when
// it verified against the client CA: kube-apiserver's x509 authenticator does the same after
// the handshake.
bool verified_client_certificate(const httplib::Request& req) {
  if (req.ssl == nullptr) return false;
  X509* peer = SSL_get1_peer_certificate(req.ssl);
  if (peer == nullptr) return false;
  X509_free(peer);
  return SSL_get_verify_result(req.ssl) == X509_V_OK;
}

// Keeps the handshake going whatever the client's certificate is; the result is kept for
// verified_client_certificate().
int accept_any_certificate(int, X509_STORE_CTX*) { return 1; }

std::string random_uid() {
  static std::mt19937_64 random{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
    out.push_back(kHex[random() % 16]);
  }
  return out;
}

}  // namespace

json status_object(int code, const std::string& reason, const std::string& message) {
  return json{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Failure"},
              {"message", message}, {"reason", reason}, {"code", code}};
}

json as_events_k8s_io(const json& e) {
  json out{{"apiVersion", "events.k8s.io/v1"}, {"kind", "Event"}, {"metadata", e.value("metadata", json::object())}};
  auto copy = [&](const char* from, const char* to) {
    if (e.contains(from) && !e[from].is_null()) out[to] = e[from];
  };
  copy("involvedObject", "regarding");
  copy("related", "related");
  copy("reason", "reason");
  copy("message", "note");
  copy("type", "type");
  copy("eventTime", "eventTime");
  copy("series", "series");
  copy("action", "action");
  copy("firstTimestamp", "deprecatedFirstTimestamp");
  copy("lastTimestamp", "deprecatedLastTimestamp");
  copy("count", "deprecatedCount");
  copy("source", "deprecatedSource");
  const json source = e.value("source", json::object());
  const std::string component = e.value("reportingComponent", ""), instance = e.value("reportingInstance", "");
  out["reportingController"] = component.empty() ? source.value("component", "") : component;
  out["reportingInstance"] = instance.empty() ? source.value("host", "") : instance;
  return out;
}

ApiSimulator::ApiSimulator(SimulatorOptions options) : options_(std::move(options)), resources_(builtin_resources()) {
  start_serving();
}

ApiSimulator::~ApiSimulator() { stop_serving(); }

std::string ApiSimulator::server() const { return "https://127.0.0.1:" + std::to_string(port_); }

void ApiSimulator::listen() {
  http_ = std::make_unique<httplib::SSLServer>([this](SSL_CTX& ctx) {
    if (SSL_CTX_use_certificate_chain_file(&ctx, options_.certificate_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(&ctx, options_.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
      return false;
    if (options_.client_certificates == ClientCertificates::kIgnore) return true;
    if (SSL_CTX_load_verify_locations(&ctx, options_.client_ca_file.c_str(), nullptr) != 1) return false;
    SSL_CTX_set_client_CA_list(&ctx, SSL_load_client_CA_file(options_.client_ca_file.c_str()));
    if (options_.client_certificates == ClientCertificates::kRequire)
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    else
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, accept_any_certificate);
    return true;
  });
  if (!http_->is_valid()) throw std::runtime_error("simulator: the TLS setup failed (certificate, key or client CA)");
  http_->new_task_queue = [] { return new httplib::ThreadPool(64); };
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  http_->Get(".*", handler);
  http_->Post(".*", handler);
  http_->Put(".*", handler);
  if (port_ == 0) {
    port_ = http_->bind_to_any_port("127.0.0.1");
  } else {
    // Back on the same port; the old socket may linger a moment.
    for (int i = 0; i < 100 && !http_->bind_to_port("127.0.0.1", port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  serving_ = true;
  thread_ = std::thread([this] { http_->listen_after_bind(); });
}

void ApiSimulator::start_serving() {
  if (serving_) return;
  listen();
}

void ApiSimulator::stop_serving() {
  if (!http_) return;
  serving_ = false;
  changed_.notify_all();
  http_->stop();
  if (thread_.joinable()) thread_.join();
  http_.reset();
}

bool ApiSimulator::authorized(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  const bool certificate = options_.client_certificates != ClientCertificates::kIgnore && verified_client_certificate(req);
  std::lock_guard lock(mutex_);
  if (certificate) {
    ++certificate_logins_;
    return true;
  }
  for (const auto& token : options_.tokens)
    if (header == "Bearer " + token) return true;
  ++unauthorized_;
  return false;
}

void ApiSimulator::handle(const httplib::Request& req, httplib::Response& res) {
  {
    std::lock_guard lock(mutex_);
    ++requests_[req.path];
  }
  if (!authorized(req)) return answer(res, 401, status_object(401, "Unauthorized", "Unauthorized"));
  const auto parts = split_path(req.path);
  const bool core = !parts.empty() && parts[0] == "api";
  const size_t prefix = core ? 2 : 3;  // /api/v1 or /apis/GROUP/VERSION
  if (parts.size() <= prefix) return serve_discovery(req.path, res);
  const std::string group = core ? "" : parts[1];
  const std::string version = parts[prefix - 1];
  std::vector<std::string> rest(parts.begin() + static_cast<long>(prefix), parts.end());
  Route route;
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    route.namespace_name = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  }
  for (const auto& r : resources_)
    if (r.group == group && r.version == version && r.plural == rest[0]) route.resource = &r;
  if (route.resource == nullptr || rest.size() > 2)
    return answer(res, 404, status_object(404, "NotFound", "the server could not find the requested resource"));
  if (rest.size() == 2) route.name = rest[1];
  {
    std::lock_guard lock(mutex_);
    auto refused = refused_.find(route.resource->kind);
    if (refused != refused_.end() && route.resource->kind != "Lease")
      return answer(res, refused->second, status_object(refused->second, "Forbidden", "refused by the simulator"));
  }
  if (req.method == "POST" || req.method == "PUT") return serve_write(route, req, res);
  if (!route.name.empty()) return serve_get(route, res);
  const std::string watch = req.get_param_value("watch");
  if (watch == "1" || watch == "true") return serve_watch(route, req, res);
  serve_list(route, req, res);
}

void ApiSimulator::serve_discovery(const std::string& path, httplib::Response& res) {
  if (path == "/api") return answer(res, 200, json{{"kind", "APIVersions"}, {"versions", {"v1"}}});
  if (path == "/api/v1") return answer(res, 200, resource_list("v1", resources_));
  if (path == "/apis") {
    json groups{{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", json::array()}};
    std::set<std::string> seen;
    for (const auto& r : resources_) {
      if (r.group.empty() || !seen.insert(r.group).second) continue;
      json gv{{"groupVersion", r.group + "/" + r.version}, {"version", r.version}};
      groups["groups"].push_back({{"name", r.group}, {"versions", {gv}}, {"preferredVersion", gv}});
    }
    return answer(res, 200, groups);
  }
  const auto parts = split_path(path);
  if (parts.size() == 3) return answer(res, 200, resource_list(parts[1] + "/" + parts[2], resources_));
  answer(res, 404, status_object(404, "NotFound", "no such group"));
}

json ApiSimulator::present(const SimResource& r, const json& object, bool metadata_only) const {
  if (metadata_only)
    return json{{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", object["metadata"]}};
  if (r.group == "events.k8s.io") return as_events_k8s_io(object);
  return object;
}

void ApiSimulator::serve_list(const Route& route, const httplib::Request& req, httplib::Response& res) {
  const bool metadata = req.get_header_value("Accept").find("as=PartialObjectMetadataList") != std::string::npos;
  size_t limit = req.has_param("limit") ? std::stoul(req.get_param_value("limit")) : 0;
  int64_t list_rv = 0;
  size_t offset = 0;
  std::lock_guard lock(mutex_);
  if (req.has_param("continue")) {
    const std::string token = req.get_param_value("continue");
    const size_t colon = token.find(':');
    list_rv = std::stoll(token.substr(0, colon));
    offset = std::stoul(token.substr(colon + 1));
    if (list_rv < compacted_rv_)
      return answer(res, 410, status_object(410, "Expired", "The provided continue parameter is too old"));
  } else {
    list_rv = rv_;
  }
  json items = json::array();
  const auto& objects = store_[store_key(*route.resource)];
  size_t index = 0;
  std::string next;
  for (const auto& [key, stored] : objects) {
    if (!route.namespace_name.empty() && stored.object["metadata"].value("namespace", "") != route.namespace_name) continue;
    if (index++ < offset) continue;
    if (limit > 0 && items.size() == limit) {
      next = std::to_string(list_rv) + ":" + std::to_string(index - 1);
      break;
    }
    json item = present(*route.resource, stored.object, metadata);
    if (!metadata) {
      item.erase("kind");
      item.erase("apiVersion");
    }
    items.push_back(std::move(item));
  }
  json meta{{"resourceVersion", std::to_string(list_rv)}};
  if (!next.empty()) meta["continue"] = next;
  json list{{"kind", metadata ? "PartialObjectMetadataList" : route.resource->kind + "List"},
            {"apiVersion", metadata ? "meta.k8s.io/v1" : (route.resource->group.empty() ? "v1" : route.resource->group + "/v1")},
            {"metadata", meta},
            {"items", std::move(items)}};
  answer(res, 200, list);
}

void ApiSimulator::serve_get(const Route& route, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  auto& objects = store_[store_key(*route.resource)];
  auto it = objects.find(route.namespace_name + "/" + route.name);
  if (it == objects.end()) return answer(res, 404, status_object(404, "NotFound", route.name + " not found"));
  answer(res, 200, present(*route.resource, it->second.object, false));
}

void ApiSimulator::serve_write(const Route& route, const httplib::Request& req, httplib::Response& res) {
  json object = json::parse(req.body, nullptr, false);
  if (!object.is_object()) return answer(res, 400, status_object(400, "BadRequest", "not JSON"));
  object["metadata"]["namespace"] = route.namespace_name;
  std::lock_guard lock(mutex_);
  auto& objects = store_[store_key(*route.resource)];
  const std::string key = object_key(object);
  auto it = objects.find(key);
  if (req.method == "POST" && it != objects.end())
    return answer(res, 409, status_object(409, "AlreadyExists", key + " already exists"));
  if (req.method == "PUT") {
    if (it == objects.end()) return answer(res, 404, status_object(404, "NotFound", key + " not found"));
    if (object["metadata"].value("resourceVersion", "") != std::to_string(it->second.rv))
      return answer(res, 409, status_object(409, "Conflict", "the object has been modified"));
  }
  object["metadata"].erase("resourceVersion");
  record_change(*route.resource, it == objects.end() ? "ADDED" : "MODIFIED", object, 0);
  answer(res, req.method == "POST" ? 201 : 200, objects[key].object);
}

int64_t ApiSimulator::record_change(const SimResource& r, const std::string& type, json object, int64_t wanted_rv) {
  rv_ = std::max(rv_ + 1, wanted_rv);
  json& meta = object["metadata"];
  meta["resourceVersion"] = std::to_string(rv_);
  if (!meta.contains("uid")) meta["uid"] = random_uid();
  const std::string key = store_key(r);
  if (type == "DELETED") store_[key].erase(object_key(object));
  else store_[key][object_key(object)] = Stored{object, rv_};
  history_.push_back(Change{rv_, key, type, std::move(object)});
  while (history_.size() > options_.history) {
    compacted_rv_ = history_.front().rv + 1;
    history_.pop_front();
  }
  changed_.notify_all();
  return rv_;
}

const SimResource* ApiSimulator::resource_for_kind(const std::string& kind) const {
  for (const auto& r : resources_)
    if (r.kind == kind && r.group != "events.k8s.io") return &r;
  return nullptr;
}

int64_t ApiSimulator::apply(json object) {
  const SimResource* r = resource_for_kind(object.value("kind", ""));
  if (r == nullptr) throw std::runtime_error("simulator: no resource for kind " + object.value("kind", ""));
  if (!r->namespaced) object["metadata"].erase("namespace");
  int64_t wanted = 0;
  const std::string given = object["metadata"].value("resourceVersion", "");
  if (!given.empty() && given.find_first_not_of("0123456789") == std::string::npos && given.size() < 18) wanted = std::stoll(given);
  std::lock_guard lock(mutex_);
  const bool exists = store_[store_key(*r)].count(object_key(object)) > 0;
  if (exists && !object["metadata"].contains("uid"))
    object["metadata"]["uid"] = store_[store_key(*r)][object_key(object)].object["metadata"]["uid"];
  return record_change(*r, exists ? "MODIFIED" : "ADDED", std::move(object), wanted);
}

void ApiSimulator::remove(const std::string& kind, const std::string& ns, const std::string& name) {
  const SimResource* r = resource_for_kind(kind);
  std::lock_guard lock(mutex_);
  auto& objects = store_[store_key(*r)];
  auto it = objects.find(ns + "/" + name);
  if (it == objects.end()) return;
  json object = it->second.object;
  record_change(*r, "DELETED", std::move(object), 0);
}

size_t ApiSimulator::count(const std::string& kind) const {
  std::lock_guard lock(mutex_);
  const SimResource* r = resource_for_kind(kind);
  auto it = store_.find(store_key(*r));
  return it == store_.end() ? 0 : it->second.size();
}

void ApiSimulator::set_tokens(std::set<std::string> tokens) {
  std::lock_guard lock(mutex_);
  options_.tokens = std::move(tokens);
}

void ApiSimulator::close_watches() {
  {
    std::lock_guard lock(mutex_);
    ++close_generation_;
  }
  changed_.notify_all();
}

void ApiSimulator::compact() {
  {
    std::lock_guard lock(mutex_);
    history_.clear();
    compacted_rv_ = rv_ + 1;
    ++compact_generation_;
  }
  changed_.notify_all();
}

void ApiSimulator::refuse(const std::string& kind, int status) {
  std::lock_guard lock(mutex_);
  if (status == 0) refused_.erase(kind);
  else refused_[kind] = status;
}

size_t ApiSimulator::requests_matching(const std::string& part) const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (const auto& [path, count] : requests_)
    if (path.find(part) != std::string::npos) n += count;
  return n;
}

size_t ApiSimulator::open_watches() const {
  std::lock_guard lock(mutex_);
  return open_watches_;
}

size_t ApiSimulator::unauthorized() const {
  std::lock_guard lock(mutex_);
  return unauthorized_;
}

size_t ApiSimulator::certificate_logins() const {
  std::lock_guard lock(mutex_);
  return certificate_logins_;
}

}  // namespace kspan::daemon::test
