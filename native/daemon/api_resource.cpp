#include "api_resource.hpp"

#include <algorithm>
#include <map>

namespace kspan::daemon {

bool ApiResource::can(const std::string& verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

std::string ApiResource::collection_path(const std::string& namespace_name) const {
  std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  if (namespaced && !namespace_name.empty()) path += "/namespaces/" + namespace_name;
  return path + "/" + plural;
}

std::string group_of(const std::string& api_version, const std::string& kind) {
  static const std::map<std::string, std::string> kFixed = {
      {"Pod", ""},         {"Node", ""},          {"Service", ""},     {"ReplicationController", ""},
      {"Endpoints", ""},   {"PersistentVolumeClaim", ""}, {"Namespace", ""}, {"PersistentVolume", ""},
      {"Deployment", "apps"}, {"ReplicaSet", "apps"}, {"StatefulSet", "apps"}, {"DaemonSet", "apps"},
      {"Job", "batch"},    {"CronJob", "batch"},
  };
  if (auto it = kFixed.find(kind); it != kFixed.end()) return it->second;
  const size_t slash = api_version.find('/');
  return slash == std::string::npos ? std::string() : api_version.substr(0, slash);
}

}  // namespace kspan::daemon
