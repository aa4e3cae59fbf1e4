// How to reach one API server and who to be there: what a kubeconfig context or the in-cluster
// service account resolves to. Secrets are held as given (data) or as paths (read when used).
#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace kspan::daemon {

// The configuration cannot be used; the message says which file, context or field.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What an exec plugin is told of the cluster (ExecCredential spec.cluster) when the kubeconfig
// sets provideClusterInfo: true; GKE's and other plugins need it to know which cluster to log in to.
struct ExecClusterInfo {
  std::string server, tls_server_name;
  bool insecure_skip_tls_verify = false;
  std::string ca_pem, ca_file;  // the file is read when the plugin runs, as kubectl does
  std::string config_json;      // the cluster's extension named client.authentication.k8s.io/exec
};

// A client.authentication.k8s.io exec credential plugin (kubeconfig users[].user.exec).
struct ExecConfig {
  std::string api_version;
  std::string command;  // resolved against the kubeconfig's folder when it has a '/'
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string install_hint;
  std::optional<ExecClusterInfo> cluster;  // set when provideClusterInfo is true
};

struct ClusterConfig {
  std::string server;  // https://host:port[/prefix]
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;
  std::string ca_pem, ca_file;
  std::string client_certificate_pem, client_certificate_file;
  std::string client_key_pem, client_key_file;
  std::string token, token_file;  // token_file is re-read when it changes
  std::string username, password;
  std::optional<ExecConfig> exec;
  std::string namespace_name;  // the context's, or the service account's
  std::string origin;          // "kubeconfig FILE, context NAME" or "in-cluster", for messages
};

// Reads one environment variable; injected so tests need no setenv.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment process_environment();

}  // namespace kspan::daemon
