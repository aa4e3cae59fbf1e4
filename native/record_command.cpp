#include "record_command.hpp"

#include <iostream>

#include "cli_options.hpp"
#include "export_options.hpp"
#include "recorder.hpp"

namespace kspan::cli {
namespace {

namespace dm = kspan::daemon;
constexpr const char* kName = "kspan record";

std::vector<Flag> record_flags(dm::RecorderConfig& c) {
  std::vector<Flag> flags = {
      {"--output", "-o", "FILE", "Write the recording to FILE ('-': standard output). Required.",
       [&c](const std::string& v) { c.output = v; }},
      {"--duration", "", "DUR", "Stop after this long (default: until SIGTERM or SIGINT).",
       [&c](const std::string& v) { c.duration = std::chrono::nanoseconds(duration_ns("--duration", v)); }},
  };
  auto watch = dm::watch_flags(c.watch, "(default: not served)");
  flags.insert(flags.end(), watch.begin(), watch.end());
  return flags;
}

std::string help_text(const std::vector<Flag>& flags) {
  return std::string("Usage: kspan record -o FILE [flags]\n\n") +
         "Records what 'kspan run' watches: Events and the metadata of the objects they involve,\n"
         "one watch envelope per line ({\"type\":\"ADDED\",\"object\":{...},\"observedAt\":\"...\"}, the\n"
         "time it arrived, RFC 3339 with nanoseconds). The initial Event list is written first\n"
         "without observedAt, as the daemon hands it over. Open the file with\n"
         "'kspan convert --stream FILE', 'kspan view FILE' or the viewer.\n\n"
         "Flags:\n" +
         format_flags(flags) + "\n" + dm::cluster_config_help() +
         "\nExit status: 0 after SIGTERM, SIGINT or --duration, 1 when the cluster cannot be used or\n"
         "the file cannot be written, 2 for a usage error.\n";
}

int run_record(const std::vector<std::string>& args) {
  dm::RecorderConfig c;
  auto flags = record_flags(c);
  ParsedArgs parsed;
  if (auto stop = parse_command_line(kName, args, flags, help_text(flags), parsed)) return *stop;
  if (!parsed.positionals.empty()) return usage_error(kName, "takes no arguments, got '" + parsed.positionals[0] + "'");
  if (c.output.empty()) return usage_error(kName, "no output file: give -o FILE (or -o - for standard output)");
  try {
    return dm::run_recorder(c);
  } catch (const dm::ConfigError& e) {
    std::cerr << kName << ": " << e.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace

Command record_command() {
  return {"record", "Record the daemon's watch streams to a JSON Lines file.", run_record};
}

}  // namespace kspan::cli
