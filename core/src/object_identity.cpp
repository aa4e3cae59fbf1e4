#include "object_identity.hpp"

#include <array>
#include <utility>

namespace kspan {

namespace {
struct KindInfo {
  std::string_view kind;
  std::string_view group;
  std::string_view semconv;  // the k8s.<x> prefix, empty when the conventions name none
};

constexpr std::array kBuiltinKinds{
    KindInfo{"Pod", "", "pod"},
    KindInfo{"Node", "", "node"},
    KindInfo{"Service", "", ""},
    KindInfo{"ReplicationController", "", ""},
    KindInfo{"Endpoints", "", ""},
    KindInfo{"PersistentVolumeClaim", "", ""},
    KindInfo{"Namespace", "", "namespace"},
    KindInfo{"Deployment", "apps", "deployment"},
    KindInfo{"ReplicaSet", "apps", "replicaset"},
    KindInfo{"StatefulSet", "apps", "statefulset"},
    KindInfo{"DaemonSet", "apps", "daemonset"},
    KindInfo{"Job", "batch", "job"},
    KindInfo{"CronJob", "batch", "cronjob"},
};

constexpr std::array<std::string_view, 9> kClusterScoped{
    "Node",        "Namespace",          "PersistentVolume",         "StorageClass", "PriorityClass",
    "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService"};

const KindInfo* builtin(std::string_view kind) {
  for (const auto& info : kBuiltinKinds)
    if (info.kind == kind) return &info;
  return nullptr;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::string group_of(std::string_view kind, std::string_view api_version) {
  if (const KindInfo* info = builtin(kind)) return std::string(info->group);
  const size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string() : std::string(api_version.substr(0, slash));
}

bool is_cluster_scoped(std::string_view kind) {
  for (auto scoped : kClusterScoped)
    if (scoped == kind) return true;
  return false;
}

std::string identity_key(std::string_view group, std::string_view kind, std::string_view ns, std::string_view name) {
  std::string key;
  key.reserve(group.size() + kind.size() + ns.size() + name.size() + 3);
  key.append(group).push_back('/');
  key.append(kind).push_back('/');
  if (!is_cluster_scoped(kind)) key.append(ns);
  key.push_back('/');
  for (char c : name) key.push_back(lower(c));
  return key;
}

std::string kind_name_attribute(std::string_view kind) {
  const KindInfo* info = builtin(kind);
  if (info == nullptr || info->semconv.empty()) return {};
  return "k8s." + std::string(info->semconv) + ".name";
}

std::string kind_uid_attribute(std::string_view kind) {
  const KindInfo* info = builtin(kind);
  if (info == nullptr || info->semconv.empty() || kind == "Node" || kind == "Namespace") return {};
  return "k8s." + std::string(info->semconv) + ".uid";
}

}  // namespace kspan
