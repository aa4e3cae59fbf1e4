// `kspan record`: the daemon's watch streams (Events and the object metadata it uses) written
// to a JSON Lines file for `kspan convert --stream`, the viewer, or a bug report.
#pragma once
#include "command.hpp"

namespace kspan::cli {

Command record_command();

}  // namespace kspan::cli
