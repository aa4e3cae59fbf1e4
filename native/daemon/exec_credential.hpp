// Running a client.authentication.k8s.io exec plugin (kubectl's `users[].user.exec`): the
// command with its args and env, KUBERNETES_EXEC_INFO set, its standard output read as an
// ExecCredential.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "cluster_config.hpp"

namespace kspan::daemon {

struct ExecCredential {
  std::string token;
  std::string client_certificate_pem;
  std::string client_key_pem;
  std::optional<int64_t> expires_ns;  // status.expirationTimestamp; none: valid until refused
};

// Throws ConfigError with the plugin's message, its exit status or what was wrong in its output.
ExecCredential run_exec_plugin(const ExecConfig& exec, std::chrono::seconds timeout = std::chrono::seconds(30));

// KUBERNETES_EXEC_INFO as the plugin gets it (spec.cluster with provideClusterInfo). Throws
// ConfigError when the cluster's CA file cannot be read.
std::string exec_info(const ExecConfig& exec);

// The plugin's standard output read as an ExecCredential (apiVersion must match the config's).
ExecCredential parse_exec_credential(const std::string& json, const std::string& expected_api_version);

}  // namespace kspan::daemon
