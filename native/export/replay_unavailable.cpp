// `kspan replay` in a build without OTLP export (-DKSPAN_OTLP_EXPORT=OFF): the command
// exists, so that users learn why it does nothing.
#include <iostream>

#include "replay_command.hpp"

namespace kspan::cli {

Command replay_command() {
  return {"replay", "Send traces over OTLP (not in this build).", [](const std::vector<std::string>&) {
            std::cerr << "kspan replay: this kspan was built without OTLP export "
                         "(configure with -DKSPAN_OTLP_EXPORT=ON and the gRPC, protobuf and curl packages)\n";
            return kExitFailure;
          }};
}

}  // namespace kspan::cli
