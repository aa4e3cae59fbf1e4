#include "command.hpp"

#include "cli_options.hpp"

#include <iostream>

namespace kspan::cli {
namespace {

void print_overview(std::ostream& out, const std::vector<Command>& commands) {
  out << "kspan " << version() << ": turns Kubernetes Events into OpenTelemetry traces.\n\n"
      << "Usage: kspan <command> [flags] [arguments]\n\nCommands:\n";
  size_t width = 0;
  for (const auto& c : commands) width = std::max(width, c.name.size());
  for (const auto& c : commands) out << "  " << c.name << std::string(width + 2 - c.name.size(), ' ') << c.summary << '\n';
  out << "\nFlags:\n  -h, --help     Show this help and exit.\n  --version      Print the version and exit.\n"
      << "\nRun 'kspan <command> --help' for the flags of a command.\n";
}

}  // namespace

const char* version() { return KSPAN_VERSION; }

int usage_error(const std::string& command, const std::string& message) {
  std::cerr << command << ": " << message << "\nRun '" << command << " --help' for usage.\n";
  return kExitUsage;
}

std::optional<int> parse_command_line(const std::string& command, const std::vector<std::string>& args,
                                      const std::vector<Flag>& flags, const std::string& help, ParsedArgs& parsed) {
  try {
    parsed = parse_args(args, flags);
  } catch (const UsageError& e) {
    return usage_error(command, e.what());
  }
  if (!parsed.help) return std::nullopt;
  std::cout << help;
  return kExitOk;
}

int dispatch(const std::vector<std::string>& args, const std::vector<Command>& commands) {
  if (args.empty()) {
    print_overview(std::cerr, commands);
    return kExitUsage;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    // `kspan help convert` is the same as `kspan convert --help`.
    if (first == "help" && args.size() > 1) return dispatch({args[1], "--help"}, commands);
    print_overview(std::cout, commands);
    return kExitOk;
  }
  if (first == "--version") {
    std::cout << "kspan " << version() << '\n';
    return kExitOk;
  }
  for (const auto& c : commands) {
    if (c.name == first) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  return usage_error("kspan", (first[0] == '-' ? "unknown flag " : "unknown command ") + first);
}

}  // namespace kspan::cli
