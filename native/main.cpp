// kspan: the native command line. Each command lives in its own file; this list is the
// only place that names them all.
#include <exception>
#include <iostream>

#include "command.hpp"
#include "convert_command.hpp"
#include "record_command.hpp"
#include "replay_command.hpp"
#include "run_command.hpp"
#include "view_command.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<kspan::cli::Command> commands = {
      kspan::cli::convert_command(),
      kspan::cli::record_command(),
      kspan::cli::replay_command(),
      kspan::cli::run_command(),
      kspan::cli::view_command(),
  };
  try {
    return kspan::cli::dispatch(std::vector<std::string>(argv + 1, argv + argc), commands);
  } catch (const std::exception& e) {
    std::cerr << "kspan: " << e.what() << '\n';
    return kspan::cli::kExitFailure;
  }
}
