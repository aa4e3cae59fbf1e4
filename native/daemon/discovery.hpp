// API discovery: which resource serves a kind, in which version, namespaced or not. Groups are
// listed once (/api, /apis); a group's resources are read when first needed; a kind not found
// triggers a refresh at most once a minute (a CRD installed since). Thread-safe.
#pragma once
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "api_client.hpp"
#include "api_resource.hpp"

namespace kspan::daemon {

class Discovery {
 public:
  explicit Discovery(ApiClient& client, std::chrono::seconds refresh_interval = std::chrono::seconds(60));

  // The preferred version's resource for (group, kind); nothing when the server has none.
  // Throws DiscoveryError when the server could not be asked.
  std::optional<ApiResource> find(const std::string& group, const std::string& kind);

 private:
  bool load_groups();  // false when the server could not be asked
  bool load_group(const std::string& group);
  std::optional<ApiResource> lookup(const std::string& group, const std::string& kind) const;

  ApiClient& client_;
  std::chrono::seconds refresh_interval_;
  std::mutex mutex_;
  std::map<std::string, std::string> preferred_;  // group -> group/version (core: "v1")
  std::map<std::string, std::map<std::string, ApiResource>> resources_;  // group -> kind -> resource
  std::chrono::steady_clock::time_point loaded_{};
  bool groups_loaded_ = false;
};

class DiscoveryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kspan::daemon
