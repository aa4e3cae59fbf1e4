// `kspan view DUMP...`: serves the viewer on loopback with the given dumps open.
#pragma once
#include "command.hpp"

namespace kspan::cli {

Command view_command();

}  // namespace kspan::cli
