// The `kspan <command>` dispatcher. A command is a name, a line for `kspan --help` and a
// function over its own arguments: adding `view` or `record` is one entry in main.cpp.
#pragma once
#include <functional>
#include <optional>
#include <iosfwd>
#include <string>
#include <vector>

namespace kspan::cli {

struct Command {
  std::string name;
  std::string summary;
  // Arguments after the command name; returns the exit status.
  std::function<int(const std::vector<std::string>& args)> run;
};

// Exit statuses shared by every command.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // nothing usable, or output could not be written
constexpr int kExitUsage = 2;

// args: everything after the program name.
int dispatch(const std::vector<std::string>& args, const std::vector<Command>& commands);

// Prints "kspan <command>: message" and the --help hint; returns kExitUsage.
int usage_error(const std::string& command, const std::string& message);

struct Flag;
struct ParsedArgs;
// Parses a command's arguments. Returns the status to exit with when the command should
// stop here (its help printed, or a usage error reported), nullopt to go on with `parsed`.
std::optional<int> parse_command_line(const std::string& command, const std::vector<std::string>& args,
                                      const std::vector<Flag>& flags, const std::string& help, ParsedArgs& parsed);

const char* version();

}  // namespace kspan::cli
