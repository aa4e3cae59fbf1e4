#include "export_options.hpp"

#include <charconv>
#include <cstdlib>


namespace kspan::cli {
namespace {

namespace ex = kspan::exporter;
using std::chrono::milliseconds;


// A flag that changes one field of the export configuration after the environment is read.
Flag config_flag(std::string name, std::string value_name, std::string help, ExportOptions& o,
                 std::function<void(ex::ExportConfig&, const std::string&)> apply) {
  std::string flag = name;
  return {std::move(name), "", std::move(value_name), std::move(help),
          [&o, apply, flag](const std::string& v) {
            try {
              ex::ExportConfig probe;
              apply(probe, v);  // values are checked now, as usage errors
            } catch (const ex::ConfigError& e) {
              throw UsageError(flag + ": " + e.what());
            }
            o.overrides.push_back([apply, v](ex::ExportConfig& c) { apply(c, v); });
          }};
}

}  // namespace

milliseconds duration_ms(const std::string& flag, const std::string& value) {
  return std::chrono::duration_cast<milliseconds>(std::chrono::nanoseconds(duration_ns(flag, value)));
}

size_t positive_count(const std::string& flag, const std::string& value) {
  size_t n = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc() || end != value.data() + value.size() || n == 0)
    throw UsageError("bad number for " + flag + ": '" + value + "' (a positive integer)");
  return n;
}

std::vector<Flag> export_delivery_flags(ExportOptions& o) {
  return {
      {"--endpoint", "", "URL", "Where to send (default from OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT, else\n"
                                "http://localhost:4318/v1/traces, or http://localhost:4317 for grpc).\n"
                                "For HTTP, /v1/traces is appended unless URL has a path.",
       [&o](const std::string& v) { o.endpoint = v; }},
      {"--protocol", "", "PROTO", "grpc, http/protobuf (default) or http/json.",
       [&o](const std::string& v) {
         try {
           o.protocol = ex::parse_protocol(v);
         } catch (const ex::ConfigError& e) {
           throw UsageError(e.what());
         }
       }},
      config_flag("--headers", "LIST", "key=value,... (percent-encoded) sent with every request.", o,
                  [](ex::ExportConfig& c, const std::string& v) { c.headers = ex::parse_headers(v, "--headers"); }),
      config_flag("--timeout", "DUR", "How long one request may take (default 10s).", o,
                  [](ex::ExportConfig& c, const std::string& v) { c.timeout = duration_ms("--timeout", v); }),
      config_flag("--compression", "ALG", "gzip or none (default).", o,
                  [](ex::ExportConfig& c, const std::string& v) {
                    if (v != "gzip" && v != "none") throw ex::ConfigError("expected gzip or none, got '" + v + "'");
                    c.gzip = v == "gzip";
                  }),
      config_flag("--certificate", "FILE", "CA certificates (PEM) to trust for TLS instead of the system's.", o,
                  [](ex::ExportConfig& c, const std::string& v) { c.tls.certificate = v; }),
      config_flag("--client-certificate", "FILE", "Client certificate (PEM) for mutual TLS.", o,
                  [](ex::ExportConfig& c, const std::string& v) { c.tls.client_certificate = v; }),
      config_flag("--client-key", "FILE", "Client private key (PEM) for mutual TLS.", o,
                  [](ex::ExportConfig& c, const std::string& v) { c.tls.client_key = v; }),
      {"--insecure", "", "", "grpc: plaintext when the endpoint has no http:// or https:// scheme.",
       [&o](const std::string&) { o.overrides.push_back([](ex::ExportConfig& c) { c.insecure = true; }); }},
  };
}

std::vector<Flag> export_batching_flags(ExportOptions& o, const std::string& queue_help) {
  return {
      config_flag("--batch-size", "N", "Spans per request (default 512).", o,
                  [](ex::ExportConfig& c, const std::string& v) {
                    c.batch.max_batch_size = positive_count("--batch-size", v);
                  }),
      config_flag("--batch-delay", "DUR", "The longest a span waits for its batch to fill (default 5s).", o,
                  [](ex::ExportConfig& c, const std::string& v) {
                    c.batch.schedule_delay = duration_ms("--batch-delay", v);
                  }),
      config_flag("--queue-size", "N", "Spans waiting to be sent at most (default 2048); " + queue_help, o,
                  [](ex::ExportConfig& c, const std::string& v) {
                    c.batch.max_queue_size = positive_count("--queue-size", v);
                  }),
      config_flag("--queue-bytes", "N", "Bytes of spans waiting to be sent at most (default 32 MiB); " + queue_help, o,
                  [](ex::ExportConfig& c, const std::string& v) {
                    c.batch.max_queue_bytes = positive_count("--queue-bytes", v);
                  }),
      config_flag("--export-timeout", "DUR", "How long one batch may take, retries included (default 30s).", o,
                  [](ex::ExportConfig& c, const std::string& v) {
                    c.batch.export_timeout = duration_ms("--export-timeout", v);
                  }),
      config_flag("--max-attempts", "N", "Requests per batch at most, the first included (default 5).", o,
                  [](ex::ExportConfig& c, const std::string& v) {
                    c.retry.max_attempts = static_cast<int>(positive_count("--max-attempts", v));
                  }),
      config_flag("--retry-backoff", "DUR", "Wait before the first retry (default 1s), then 1.5 times\n"
                                            "longer each time up to 5s, with jitter; a receiver's\n"
                                            "Retry-After or RetryInfo wins.", o,
                  [](ex::ExportConfig& c, const std::string& v) {
                    c.retry.initial_backoff = duration_ms("--retry-backoff", v);
                    c.retry.max_backoff = std::max(c.retry.max_backoff, c.retry.initial_backoff);
                  }),
  };
}

ex::ExportConfig export_config(const ExportOptions& o) {
  ex::ExportConfig config = ex::config_from_environment(ex::process_environment(), o.protocol);
  if (o.endpoint) config.endpoint = ex::endpoint_from_flag(config.protocol, *o.endpoint);
  for (const auto& apply : o.overrides) apply(config);
  return config;
}

std::string export_environment_help() {
  return std::string() +
         "\nEnvironment (flags win; a TRACES_ variable wins over the generic one):\n"
         "  OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL            --protocol\n"
         "  OTEL_EXPORTER_OTLP_ENDPOINT                     base URL; HTTP appends /v1/traces\n"
         "  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT              used as given\n"
         "  OTEL_EXPORTER_OTLP_[TRACES_]HEADERS             --headers\n"
         "  OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT             --timeout, in milliseconds\n"
         "  OTEL_EXPORTER_OTLP_[TRACES_]COMPRESSION         --compression\n"
         "  OTEL_EXPORTER_OTLP_[TRACES_]CERTIFICATE         --certificate\n"
         "  OTEL_EXPORTER_OTLP_[TRACES_]CLIENT_CERTIFICATE  --client-certificate\n"
         "  OTEL_EXPORTER_OTLP_[TRACES_]CLIENT_KEY          --client-key\n"
         "  OTEL_EXPORTER_OTLP_[TRACES_]INSECURE            --insecure (true/false)\n"
         "  OTEL_BSP_MAX_EXPORT_BATCH_SIZE, OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_MAX_QUEUE_SIZE,\n"
         "  OTEL_BSP_EXPORT_TIMEOUT                         --batch-size, --batch-delay, --queue-size,\n"
         "                                                  --export-timeout (milliseconds)\n"
         "  KSPAN_EXPORT_MAX_QUEUE_BYTES                    --queue-bytes\n"
         "  OTEL_RESOURCE_ATTRIBUTES  key=value,... added to every resource, never replacing\n"
         "                            service.name or service.instance.id (the spans stand for\n"
         "                            Kubernetes components, so OTEL_SERVICE_NAME is not applied).\n"
         "\nRetries: HTTP 429, 502, 503, 504 and no answer; gRPC CANCELLED, DEADLINE_EXCEEDED, ABORTED,\n"
         "OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS, and RESOURCE_EXHAUSTED with RetryInfo. Spans a receiver\n"
         "rejects in a partial success are counted, never sent again.\n";
}

}  // namespace kspan::cli
