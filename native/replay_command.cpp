#include "replay_command.hpp"

#include <cstdlib>
#include <iostream>
#include <optional>

#include "batch_span_sink.hpp"
#include "cli_options.hpp"
#include "delivery_report.hpp"
#include "export_config.hpp"
#include "export_options.hpp"
#include "resource_attributes.hpp"
#include "input_source.hpp"
#include "kspan/counters.hpp"
#include "kspan/engine.hpp"
#include "kspan/settings.hpp"
#include "make_exporter.hpp"
#include "yaml_to_json.hpp"

namespace kspan::cli {
namespace {

namespace ex = kspan::exporter;

constexpr const char* kName = "kspan replay";

struct ReplayOptions {
  kspan::Settings settings;
  ExportOptions exporting;
  bool quiet = false;
};

Flag quiet_flag(ReplayOptions& o) {
  return {"--quiet", "-q", "", "Print nothing on standard error unless spans did not arrive.",
          [&o](const std::string&) { o.quiet = true; }};
}

std::vector<Flag> replay_flags(ReplayOptions& o) {
  std::vector<Flag> flags = export_delivery_flags(o.exporting);
  for (auto&& group : {export_batching_flags(o.exporting, "reading\npauses while the queue is full."),
                       correlation_flags(o.settings, o.exporting.cluster_name, ClockFlags::Replay), limit_flags(o.settings)})
    flags.insert(flags.end(), group.begin(), group.end());
  flags.push_back(quiet_flag(o));
  return flags;
}

std::string help_text(const std::vector<Flag>& flags) {
  return std::string("Usage: kspan replay [flags] INPUT...\n\n") +
         "Turns event dumps into traces, as 'kspan convert' does, and sends them with their original\n"
         "timestamps to an OpenTelemetry collector over OTLP (gRPC, HTTP protobuf or HTTP JSON).\n"
         "INPUT is anything 'kspan convert' reads: files, '-', folders, archives, support bundles.\n\n"
         "Flags:\n" +
         format_flags(flags) +
         "\nDurations: 300ms, 5s, 1.5m, 1h30m (units ns, us, ms, s, m, h).\n" +
         export_environment_help() +
         "After a batch fails, the rest is not sent.\n"
         "\nExit status: 0 when every span was accepted, 1 when some did not arrive (the reasons are\n"
         "printed) or no input was usable, 2 for a usage or configuration error.\n";
}

class EngineFeed : public StreamSink {
 public:
  explicit EngineFeed(kspan::Engine& engine) : engine_(engine) {}
  void begin_source(std::string_view name) override { engine_.begin_source(name); }
  void push(std::string_view bytes) override { engine_.push(bytes); }
  void end_source() override { engine_.end_source(); }

 private:
  kspan::Engine& engine_;
};

// Long enough for everything still queued when the input ends; a failing receiver costs one
// batch's timeout only, since the sink stops after a failed batch.
ex::Clock::time_point drain_deadline(const ex::BatchPolicy& batch) {
  auto batches = 1 + batch.max_queue_size / std::max<size_t>(1, batch.max_batch_size);
  return ex::Clock::now() + batch.export_timeout * static_cast<int64_t>(batches);
}

int replay(ReplayOptions& o, const std::vector<std::string>& inputs) {
  ex::ExportConfig config;
  std::unique_ptr<ex::SpanExporter> exporter;
  try {
    config = export_config(o.exporting);
    exporter = ex::make_exporter(config, o.settings.version);
  } catch (const ex::ConfigError& e) {
    return usage_error(kName, e.what());
  }
  apply_resource_environment(o.exporting.cluster_name, o.settings);
  std::string destination = exporter->describe();
  ex::BatchSpanSink sink(std::move(exporter), {config.batch, ex::WhenFull::kBlock, true});

  YamlToJson yaml;
  kspan::Engine engine(o.settings, sink, &yaml);
  EngineFeed feed(engine);
  InputFeeder feeder(feed, std::cerr);
  for (const auto& input : inputs) feeder.feed(input);
  engine.finish();
  sink.shutdown(drain_deadline(config.batch));

  kspan::Counters counters = engine.counters();
  counters.files_passed_over += feeder.passed_over();
  ex::SinkCounters delivered = sink.counters();
  if (!o.quiet) std::cerr << kspan::counters_to_text(counters) << (kspan::counters_to_text(counters).ends_with('\n') ? "" : "\n");
  if (counters.records == 0) {
    std::cerr << kName << ": no usable input\n";
    return kExitFailure;
  }
  if (delivered.not_delivered() > 0) {
    std::cerr << kName << ": " << ex::delivery_report(delivered, destination);
    return kExitFailure;
  }
  if (!o.quiet) std::cerr << kName << ": " << ex::delivery_report(delivered, destination);
  return kExitOk;
}

int run_replay(const std::vector<std::string>& args) {
  ReplayOptions o;
  o.settings.version = version();
  auto flags = replay_flags(o);
  ParsedArgs parsed;
  if (auto stop = parse_command_line(kName, args, flags, help_text(flags), parsed)) return *stop;
  if (parsed.positionals.empty()) return usage_error(kName, "no INPUT given (use '-' for standard input)");
  return replay(o, parsed.positionals);
}

}  // namespace

Command replay_command() {
  return {"replay", "Send the traces of event dumps to an OpenTelemetry collector (OTLP).", run_replay};
}

}  // namespace kspan::cli
