#include "object_identity.hpp"

#include <array>
#include <utility>

namespace kspan {

namespace {
struct KindInfo {
  std::string_view kind;
  std::string_view group;
  std::string_view semconv;  // the k8s.<x> prefix, empty when the conventions name none
  std::string_view name_attribute = {};  // k8s.<x>.name
  std::string_view uid_attribute = {};   // k8s.<x>.uid (none for Node and Namespace)
};

constexpr std::array kBuiltinKinds{
    KindInfo{"Pod", "", "pod", "k8s.pod.name", "k8s.pod.uid"},
    KindInfo{"Node", "", "node", "k8s.node.name", ""},
    KindInfo{"Service", "", ""},
    KindInfo{"ReplicationController", "", ""},
    KindInfo{"Endpoints", "", ""},
    KindInfo{"PersistentVolumeClaim", "", ""},
    KindInfo{"Namespace", "", "namespace", "k8s.namespace.name", ""},
    KindInfo{"Deployment", "apps", "deployment", "k8s.deployment.name", "k8s.deployment.uid"},
    KindInfo{"ReplicaSet", "apps", "replicaset", "k8s.replicaset.name", "k8s.replicaset.uid"},
    KindInfo{"StatefulSet", "apps", "statefulset", "k8s.statefulset.name", "k8s.statefulset.uid"},
    KindInfo{"DaemonSet", "apps", "daemonset", "k8s.daemonset.name", "k8s.daemonset.uid"},
    KindInfo{"Job", "batch", "job", "k8s.job.name", "k8s.job.uid"},
    KindInfo{"CronJob", "batch", "cronjob", "k8s.cronjob.name", "k8s.cronjob.uid"},
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

void append_identity_key(std::string& key, std::string_view group, std::string_view kind, std::string_view ns,
                         std::string_view name) {
  key.reserve(key.size() + group.size() + kind.size() + ns.size() + name.size() + 3);
  key.append(group).push_back('/');
  key.append(kind).push_back('/');
  if (!is_cluster_scoped(kind)) key.append(ns);
  key.push_back('/');
  const size_t at = key.size();
  key.append(name);
  for (size_t i = at; i < key.size(); ++i) key[i] = lower(key[i]);
}

std::string object_label(std::string_view ns, std::string_view name) {
  if (ns.empty() || name.empty()) return std::string(name);
  std::string label;
  label.reserve(ns.size() + 1 + name.size());
  label.append(ns).push_back('/');
  label.append(name);
  return label;
}

KindAttributes kind_attributes(std::string_view kind) {
  const KindInfo* info = builtin(kind);
  if (info == nullptr) return {};
  return {info->name_attribute, info->uid_attribute};
}

}  // namespace kspan
