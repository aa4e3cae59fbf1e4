// The flags `kspan run` and `kspan record` share: where the cluster is, what to watch, logs and
// the status endpoints.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "kubeconfig.hpp"
#include "log.hpp"
#include "scope.hpp"

namespace kspan::daemon {

struct WatchOptions {
  ConfigRequest config;
  Scope scope;
  bool events_k8s_io = false;
  int64_t since_ns = 0;
  LogLevel log_level = LogLevel::kInfo;
  std::string metrics_addr;  // empty: no status server
  size_t page_size = 500;
};

std::vector<cli::Flag> watch_flags(WatchOptions& o, const std::string& metrics_default_help);

// The paragraph of --help that says where the configuration comes from.
std::string cluster_config_help();

}  // namespace kspan::daemon
