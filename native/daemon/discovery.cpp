#include "discovery.hpp"

#include <nlohmann/json.hpp>

#include "log.hpp"

namespace kspan::daemon {
namespace {

using nlohmann::json;

json parse_ok(const ApiResponse& r, const std::string& path) {
  if (!r.ok()) {
    throw DiscoveryError("discovery " + path + ": " +
                         (r.status == 0 ? r.error
                                        : "HTTP " + std::to_string(r.status) + (r.error.empty() ? "" : ": " + r.error)));
  }
  json doc = json::parse(r.body, nullptr, false);
  if (doc.is_discarded()) throw DiscoveryError("discovery " + path + ": not JSON");
  return doc;
}

}  // namespace

Discovery::Discovery(ApiClient& client, std::chrono::seconds refresh_interval)
    : client_(client), refresh_interval_(refresh_interval) {}

bool Discovery::load_groups() {
  preferred_.clear();
  resources_.clear();
  json core = parse_ok(client_.get("/api"), "/api");
  if (core.contains("versions") && !core["versions"].empty()) preferred_[""] = core["versions"][0].get<std::string>();
  json groups = parse_ok(client_.get("/apis"), "/apis");
  for (const auto& g : groups.value("groups", json::array())) {
    const std::string name = g.value("name", "");
    std::string gv = g.contains("preferredVersion") ? g["preferredVersion"].value("groupVersion", "") : "";
    if (gv.empty() && g.contains("versions") && !g["versions"].empty()) gv = g["versions"][0].value("groupVersion", "");
    if (!name.empty() && !gv.empty()) preferred_[name] = gv;
  }
  loaded_ = std::chrono::steady_clock::now();
  groups_loaded_ = true;
  return true;
}

bool Discovery::load_group(const std::string& group) {
  auto it = preferred_.find(group);
  if (it == preferred_.end()) return false;
  const std::string gv = it->second;
  const std::string path = group.empty() ? "/api/" + gv : "/apis/" + gv;
  json list = parse_ok(client_.get(path), path);
  const size_t slash = gv.find('/');
  const std::string version = slash == std::string::npos ? gv : gv.substr(slash + 1);
  auto& kinds = resources_[group];
  for (const auto& r : list.value("resources", json::array())) {
    const std::string plural = r.value("name", "");
    if (plural.empty() || plural.find('/') != std::string::npos) continue;  // subresources
    ApiResource resource{group, version, r.value("kind", ""), plural, r.value("namespaced", true), {}};
    for (const auto& v : r.value("verbs", json::array()))
      if (v.is_string()) resource.verbs.push_back(v.get<std::string>());
    kinds.emplace(resource.kind, std::move(resource));
  }
  return true;
}

std::optional<ApiResource> Discovery::lookup(const std::string& group, const std::string& kind) const {
  auto g = resources_.find(group);
  if (g == resources_.end()) return std::nullopt;
  auto k = g->second.find(kind);
  if (k == g->second.end()) return std::nullopt;
  return k->second;
}

std::optional<ApiResource> Discovery::find(const std::string& group, const std::string& kind) {
  std::lock_guard lock(mutex_);
  if (!groups_loaded_) load_groups();
  if (!resources_.count(group) && preferred_.count(group)) load_group(group);
  if (auto found = lookup(group, kind)) return found;
  if (std::chrono::steady_clock::now() - loaded_ < refresh_interval_) return std::nullopt;
  log_debug("discovery refreshed", {{"group", group}, {"kind", kind}});
  load_groups();
  if (preferred_.count(group)) load_group(group);
  return lookup(group, kind);
}

}  // namespace kspan::daemon
