#include "cli_options.hpp"

#include <algorithm>

namespace kspan::cli {
namespace {

const Flag* find_flag(const std::vector<Flag>& flags, const std::string& name) {
  for (const auto& f : flags)
    if (f.name == name || (!f.short_name.empty() && f.short_name == name)) return &f;
  return nullptr;
}

std::string spelling(const Flag& f) {
  std::string s = f.short_name.empty() ? "    " : f.short_name + ", ";
  s += f.name;
  if (!f.value_name.empty()) s += " " + f.value_name;
  return s;
}

}  // namespace

ParsedArgs parse_args(const std::vector<std::string>& args, const std::vector<Flag>& flags) {
  ParsedArgs parsed;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_ended || arg == "-" || arg.empty() || arg[0] != '-') {
      parsed.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      continue;
    }
    size_t equals = arg.find('=');
    std::string name = arg.substr(0, equals);
    const Flag* flag = find_flag(flags, name);
    if (!flag) throw UsageError("unknown flag " + name);
    std::string value;
    if (flag->value_name.empty()) {
      if (equals != std::string::npos) throw UsageError(name + " takes no value");
    } else if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw UsageError(name + " needs a value (" + flag->value_name + ")");
    }
    flag->apply(value);
  }
  return parsed;
}

std::string format_flags(const std::vector<Flag>& flags) {
  size_t width = std::string("    --help").size();
  for (const auto& f : flags) width = std::max(width, spelling(f).size());
  width += 2;

  std::string out;
  auto row = [&](const std::string& left, const std::string& help) {
    out += "  " + left + std::string(width - left.size(), ' ');
    // Continuation lines of a long help text line up under its first line.
    for (char c : help) {
      out += c;
      if (c == '\n') out += std::string(2 + width, ' ');
    }
    out += '\n';
  };
  for (const auto& f : flags) row(spelling(f), f.help);
  row("-h, --help", "Show this help and exit.");
  return out;
}

}  // namespace kspan::cli
