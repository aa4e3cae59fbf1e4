#include "run_command.hpp"

#include <iostream>

#include "cli_options.hpp"
#include "daemon.hpp"
#include "export_options.hpp"
#include "resource_attributes.hpp"

namespace kspan::cli {
namespace {

namespace dm = kspan::daemon;
constexpr const char* kName = "kspan run";

struct RunOptions {
  dm::DaemonConfig daemon;
  ExportOptions exporting;
  bool leader_elect = false;
  dm::LeaderElectionOptions leader;
};

std::vector<Flag> operating_flags(RunOptions& o) {
  return {
      {"--leader-elect", "", "", "Run only while holding a coordination.k8s.io Lease (for several replicas).",
       [&o](const std::string&) { o.leader_elect = true; }},
      {"--leader-elect-namespace", "", "NS", "The Lease's namespace (default the service account's).",
       [&o](const std::string& v) { o.leader.namespace_name = v; }},
      {"--leader-elect-name", "", "NAME", "The Lease's name (default kspan).",
       [&o](const std::string& v) { o.leader.name = v; }},
      {"--shutdown-timeout", "", "DUR", "On SIGTERM, how long finishing and sending may take (default 8s).",
       [&o](const std::string& v) {
         o.daemon.shutdown_timeout = duration_ms("--shutdown-timeout", v);
       }},
  };
}

std::vector<Flag> run_flags(RunOptions& o) {
  std::vector<Flag> flags = dm::watch_flags(o.daemon.watch, "(default: not served)");
  for (auto&& group : {export_delivery_flags(o.exporting),
                       export_batching_flags(o.exporting, "spans beyond are\ndropped and counted (kspan_export_spans_total)."),
                       correlation_flags(o.daemon.settings, o.exporting.cluster_name, ClockFlags::Live),
                       limit_flags(o.daemon.settings), operating_flags(o)})
    flags.insert(flags.end(), group.begin(), group.end());
  return flags;
}

std::string help_text(const std::vector<Flag>& flags) {
  return std::string("Usage: kspan run [flags]\n\n") +
         "The in-cluster daemon: lists and watches Events (and the metadata of the objects they\n"
         "involve), turns them into traces as they happen and sends the spans over OTLP. Events\n"
         "listed at start that are older than --since are skipped. SIGTERM finishes every pending\n"
         "span, sends what is queued within --shutdown-timeout and exits 0.\n\n"
         "Flags:\n" +
         format_flags(flags) + "\nDurations: 300ms, 5s, 1.5m, 1h30m (units ns, us, ms, s, m, h).\n\n" +
         dm::cluster_config_help() + export_environment_help() +
         "\nMetrics (names start with kspan_): events by type, kind and reason; skips by reason;\n"
         "spans by parent rule; export outcomes and retries; queue sizes; watch restarts;\n"
         "objects followed. /readyz answers 200 once the initial lists are in.\n"
         "\nExit status: 0 after SIGTERM or SIGINT, 1 when the cluster cannot be used or the lease\n"
         "was lost, 2 for a usage or configuration error.\n";
}

int run_run(const std::vector<std::string>& args) {
  RunOptions o;
  o.daemon.settings.version = version();
  auto flags = run_flags(o);
  ParsedArgs parsed;
  if (auto stop = parse_command_line(kName, args, flags, help_text(flags), parsed)) return *stop;
  if (!parsed.positionals.empty()) return usage_error(kName, "takes no arguments, got '" + parsed.positionals[0] + "'");
  try {
    o.daemon.exporting = export_config(o.exporting);
  } catch (const exporter::ConfigError& e) {
    return usage_error(kName, e.what());
  }
  apply_resource_environment(o.exporting.cluster_name, o.daemon.settings);
  if (o.leader_elect) o.daemon.leader = o.leader;
  try {
    return dm::run_daemon(std::move(o.daemon));
  } catch (const dm::ConfigError& e) {
    std::cerr << kName << ": " << e.what() << '\n';
    return kExitFailure;
  } catch (const exporter::ConfigError& e) {
    return usage_error(kName, e.what());
  }
}

}  // namespace

Command run_command() {
  return {"run", "The in-cluster daemon: watch Events live and export their traces (OTLP).", run_run};
}

}  // namespace kspan::cli
