// `kspan run` once its flags are read: watches in, spans out over OTLP, until SIGTERM.
#pragma once
#include <chrono>
#include <optional>

#include "export_config.hpp"
#include "kspan/settings.hpp"
#include "leader_election.hpp"
#include "watch_options.hpp"

namespace kspan::daemon {

struct DaemonConfig {
  WatchOptions watch;
  kspan::Settings settings;  // live is set by the daemon
  exporter::ExportConfig exporting;
  std::optional<LeaderElectionOptions> leader;  // --leader-elect
  std::chrono::milliseconds tick{250};
  std::chrono::milliseconds shutdown_timeout{8000};  // finish and flush within this
};

// Returns the exit status: 0 after a clean stop, 1 when the cluster could not be used at all
// or leadership was lost.
int run_daemon(DaemonConfig config);

}  // namespace kspan::daemon
