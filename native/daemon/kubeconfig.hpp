// Finding and reading the cluster configuration, in kubectl's order: --kubeconfig, else
// $KUBECONFIG (a ':'-separated list merged: the first file to name a cluster, user or context
// wins), else ~/.kube/config, else the in-cluster service account.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cluster_config.hpp"

namespace kspan::daemon {

struct ConfigRequest {
  std::optional<std::string> kubeconfig;  // --kubeconfig
  std::optional<std::string> context;     // --context
  // Where the in-cluster files are (a test may point elsewhere).
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
};

// Throws ConfigError.
ClusterConfig load_cluster_config(const ConfigRequest& request, const Environment& env);

// The files merged in order; context empty: the current-context. Throws ConfigError.
ClusterConfig load_kubeconfig(const std::vector<std::string>& files, const std::string& context);

// KUBERNETES_SERVICE_HOST and _PORT, token, ca.crt and namespace from dir. Throws ConfigError.
ClusterConfig in_cluster_config(const Environment& env, const std::string& dir);

}  // namespace kspan::daemon
