// Flags of a subcommand, declared once: the same table parses the arguments and writes
// the help, so the help cannot forget a flag.
#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kspan/settings.hpp"

namespace kspan::cli {

// A mistake on the command line: exit status 2, with a hint to --help.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Flag {
  std::string name;        // "--window"
  std::string short_name;  // "-o", or empty
  std::string value_name;  // "DUR"; empty for a switch
  std::string help;        // one line, or several joined by '\n'
  // Receives the value ("" for a switch); throws UsageError when the value is bad.
  std::function<void(const std::string& value)> apply;
};

struct ParsedArgs {
  std::vector<std::string> positionals;
  bool help = false;
};

// Accepts `--flag VALUE`, `--flag=VALUE`, `-o VALUE`, flags anywhere among the
// positionals, `-` as a positional (standard input) and `--` to end the flags.
ParsedArgs parse_args(const std::vector<std::string>& args, const std::vector<Flag>& flags);

// The flag table for --help, --help itself included.
std::string format_flags(const std::vector<Flag>& flags);

// A count flag's value: decimal digits, at least `minimum`; throws UsageError otherwise.
size_t count_value(const std::string& flag, const std::string& value, size_t minimum);

// A duration flag's value (300ms, 5s, 1h30m); throws UsageError naming the flag otherwise.
int64_t duration_ns(const std::string& flag, const std::string& value);

// Which clock flags a command has: a replay orders everything it read; a live command (or
// convert's --stream) has a reorder window and forgets what expired.
enum class ClockFlags { Replay, Live, WithStream };

// How events are joined: --window, --max-trace, --cluster-name (into `cluster_name`: the
// environment's OTEL_RESOURCE_ATTRIBUTES is applied after), and with a live clock --reorder and
// --expire-after; `settings` and `cluster_name` must outlive the flags.
std::vector<Flag> correlation_flags(kspan::Settings& settings, std::optional<std::string>& cluster_name,
                                    ClockFlags clock);

// The memory limits of Settings (--max-pending-events, --max-objects, --max-resources,
// --max-owner-depth), for every command that correlates; `settings` must outlive the flags.
std::vector<Flag> limit_flags(kspan::Settings& settings);

}  // namespace kspan::cli
