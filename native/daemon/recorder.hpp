// `kspan record` once its flags are read: the daemon's watch streams written as JSON lines
// (watch envelopes with observedAt; the initial Event list without it, as the daemon hands it to
// the core), the format `kspan convert --stream` and the viewer open.
#pragma once
#include <chrono>
#include <optional>
#include <string>

#include "watch_options.hpp"

namespace kspan::daemon {

struct RecorderConfig {
  WatchOptions watch;
  std::string output;  // a file, or "-" for standard output
  std::optional<std::chrono::nanoseconds> duration;  // stop by itself after this long
};

// 0 after a clean stop (SIGTERM, SIGINT or --duration), 1 when the output cannot be written.
int run_recorder(const RecorderConfig& config);

}  // namespace kspan::daemon
