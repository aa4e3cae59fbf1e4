// A resource of the API (what discovery lists) and the paths to list and watch it.
#pragma once
#include <string>
#include <vector>

namespace kspan::daemon {

struct ApiResource {
  std::string group;    // "" for core
  std::string version;  // v1
  std::string kind;     // ReplicaSet
  std::string plural;   // replicasets
  bool namespaced = true;
  std::vector<std::string> verbs;

  std::string group_version() const { return group.empty() ? version : group + "/" + version; }
  bool can(const std::string& verb) const;
  // /api/v1/pods, /apis/apps/v1/namespaces/NS/replicasets; namespace ignored for cluster scope.
  std::string collection_path(const std::string& namespace_name = "") const;
  std::string label() const { return group.empty() ? kind : kind + "." + group; }  // ReplicaSet.apps
};

// The API group of a kind named in an involvedObject or an ownerReference: the built-in kinds
// have a fixed group whatever the apiVersion says (extensions/v1beta1 Deployments are apps);
// other kinds take the group of their apiVersion.
std::string group_of(const std::string& api_version, const std::string& kind);

}  // namespace kspan::daemon
