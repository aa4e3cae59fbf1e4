#include "watch_options.hpp"

#include "duration.hpp"
#include "export_options.hpp"

namespace kspan::daemon {

using cli::Flag;
using cli::UsageError;

std::vector<Flag> watch_flags(WatchOptions& o, const std::string& metrics_default_help) {
  return {
      {"--kubeconfig", "", "FILE", "The kubeconfig to use (default $KUBECONFIG, else ~/.kube/config, else\nthe in-cluster service account).",
       [&o](const std::string& v) { o.config.kubeconfig = v; }},
      {"--context", "", "NAME", "The kubeconfig context (default its current-context).",
       [&o](const std::string& v) { o.config.context = v; }},
      {"--namespace", "-n", "NS", "Watch this namespace only (default all); a Role there is enough.",
       [&o](const std::string& v) { o.scope.only = v; }},
      {"--exclude-namespace", "", "NS", "Ignore events and objects of NS (may be repeated).",
       [&o](const std::string& v) { o.scope.excluded.insert(v); }},
      {"--events-api", "", "API", "core (default: /api/v1 events) or events.k8s.io (events.k8s.io/v1).",
       [&o](const std::string& v) {
         if (v != "core" && v != "v1" && v != "events.k8s.io") throw UsageError("--events-api: core or events.k8s.io, got '" + v + "'");
         o.events_k8s_io = v == "events.k8s.io";
       }},
      {"--since", "", "DUR", "Also take listed events this much older than the start (default 0:\nonly what happens from now on).",
       [&o](const std::string& v) { o.since_ns = cli::duration_ns("--since", v); }},
      {"--metrics-addr", "", "HOST:PORT", "Serve /metrics, /healthz and /readyz there " + metrics_default_help + ".",
       [&o](const std::string& v) { o.metrics_addr = v; }},
      {"--log-level", "", "LEVEL", "debug, info (default), warn or error; logs are JSON lines on stderr.",
       [&o](const std::string& v) {
         auto level = parse_log_level(v);
         if (!level) throw UsageError("--log-level: debug, info, warn or error, got '" + v + "'");
         o.log_level = *level;
       }},
      {"--page-size", "", "N", "Items per list request (default 500).",
       [&o](const std::string& v) { o.page_size = cli::positive_count("--page-size", v); }},
  };
}

std::string cluster_config_help() {
  return "Cluster: --kubeconfig FILE, else $KUBECONFIG (':'-separated files, merged), else\n"
         "~/.kube/config, else the in-cluster service account (token re-read when it rotates).\n"
         "Users may have token, tokenFile, client certificates, basic auth or an exec plugin\n"
         "(client.authentication.k8s.io/v1, token cached until its expirationTimestamp; the\n"
         "cluster passed to it with provideClusterInfo). Clusters may have tls-server-name;\n"
         "insecure-skip-tls-verify is honoured, with a warning.\n";
}

}  // namespace kspan::daemon
