#include "cli_options.hpp"

#include <algorithm>

#include "duration.hpp"

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

size_t count_value(const std::string& flag, const std::string& value, size_t minimum) {
  size_t n = 0;
  const bool digits = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  for (size_t i = 0; digits && i < value.size(); ++i) {
    if (n > (SIZE_MAX - 9) / 10) throw UsageError(flag + " " + value + " is too large");
    n = n * 10 + static_cast<size_t>(value[i] - '0');
  }
  if (!digits || n < minimum)
    throw UsageError("bad " + flag + " '" + value + "' (a whole number, at least " + std::to_string(minimum) + ")");
  return n;
}

int64_t duration_ns(const std::string& flag, const std::string& value) {
  auto ns = parse_duration(value);
  if (!ns) throw UsageError("bad duration for " + flag + ": '" + value + "' (write e.g. 300ms, 5s, 5m, 1h)");
  return *ns;
}

std::vector<Flag> correlation_flags(kspan::Settings& s, std::optional<std::string>& cluster_name, ClockFlags clock) {
  auto duration = [&s](const char* flag, int64_t kspan::Settings::*field) {
    return [&s, flag, field](const std::string& v) { s.*field = duration_ns(flag, v); };
  };
  std::vector<Flag> flags{
      {"--window", "", "DUR", "How long an event waits for the event that caused it (default 5s).",
       duration("--window", &kspan::Settings::window_ns)},
      {"--max-trace", "", "DUR", "The longest a trace may last (default 1h).",
       duration("--max-trace", &kspan::Settings::max_trace_ns)},
      {"--cluster-name", "", "NAME", "k8s.cluster.name of every resource (wins over OTEL_RESOURCE_ATTRIBUTES).",
       [&cluster_name](const std::string& v) { cluster_name = v; }},
  };
  if (clock == ClockFlags::Replay) return flags;
  auto note = [clock](const char* fallback) {
    return clock == ClockFlags::WithStream ? std::string("\n(with --stream; default ") + fallback + ")."
                                           : std::string(" (default ") + fallback + ").";
  };
  flags.push_back({"--reorder", "", "DUR", "How late an event may arrive and still be put in order" + note("2s"),
                   duration("--reorder", &kspan::Settings::reorder_ns)});
  flags.push_back({"--expire-after", "", "DUR", "How long an action, a root or evidence about an object stays recent" + note("5m"),
                   duration("--expire-after", &kspan::Settings::expire_after_ns)});
  return flags;
}

std::vector<Flag> limit_flags(kspan::Settings& s) {
  auto count = [&s](const char* flag, size_t kspan::Settings::*field, size_t minimum) {
    return [&s, flag, field, minimum](const std::string& v) { s.*field = count_value(flag, v, minimum); };
  };
  const kspan::Settings defaults;
  auto help = [](const std::string& text, size_t fallback) {
    return text + " (default " + std::to_string(fallback) + ").";
  };
  return {
      {"--max-pending-events", "", "N",
       help("Events waiting for a parent at once; past it the oldest is resolved\nearly and counted (pending-limit)",
            defaults.max_pending_events),
       count("--max-pending-events", &kspan::Settings::max_pending_events, 0)},
      {"--max-objects", "", "N",
       help("Objects held for owners; past it a new object is not kept, counted\n(object-limit)", defaults.max_objects),
       count("--max-objects", &kspan::Settings::max_objects, 0)},
      {"--max-resources", "", "N",
       help("Distinct components and instances; past it spans go to the resource\nkspan-resource-limit, counted (resource-limit)",
            defaults.max_resources),
       count("--max-resources", &kspan::Settings::max_resources, 0)},
      {"--max-owner-depth", "", "N",
       help("Owner links followed up from an object; a longer chain is cut there,\ncounted (owner-depth-limit)",
            defaults.max_owner_depth),
       count("--max-owner-depth", &kspan::Settings::max_owner_depth, 1)},
  };
}

}  // namespace kspan::cli
