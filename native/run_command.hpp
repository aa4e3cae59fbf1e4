// `kspan run`: the in-cluster daemon. Watches Events and the objects they involve, correlates
// them live and exports spans over OTLP until SIGTERM.
#pragma once
#include "command.hpp"

namespace kspan::cli {

Command run_command();

}  // namespace kspan::cli
