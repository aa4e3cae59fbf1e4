// `kspan replay`: event dumps in, their spans out to an OpenTelemetry collector over OTLP.
#pragma once
#include "command.hpp"

namespace kspan::cli {

Command replay_command();

}  // namespace kspan::cli
