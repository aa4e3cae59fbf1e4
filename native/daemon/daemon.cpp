#include "daemon.hpp"

#include <atomic>
#include <iostream>

#include "allocator.hpp"
#include "api_client.hpp"
#include "batch_span_sink.hpp"
#include "clock.hpp"
#include "delivery_report.hpp"
#include "engine_loop.hpp"
#include "kspan/engine.hpp"
#include "log.hpp"
#include "make_exporter.hpp"
#include "metrics.hpp"
#include "record_queue.hpp"
#include "signals.hpp"
#include "status_server.hpp"
#include "watch_set.hpp"
#include "yaml_to_json.hpp"

namespace kspan::daemon {
namespace {

constexpr const char* kUserAgent = "kspan/" KSPAN_VERSION;

WatchSetOptions watch_set_options(const DaemonConfig& c, int64_t start_ns) {
  WatchSetOptions o;
  o.events.scope = c.watch.scope;
  o.events.not_before_ns = start_ns - c.watch.since_ns;
  o.events_k8s_io = c.watch.events_k8s_io;
  o.reflector.page_size = c.watch.page_size;
  return o;
}

// The engine thread's view of health: it ticks every 250 ms; a minute without one is a hang.
bool engine_alive(const EngineLoop& loop) {
  const int64_t last = loop.last_tick_ns();
  return last == 0 || now_ns() - last < 60 * kspan::kNanosPerSecond;
}

void log_summary(const kspan::Counters& counters, const exporter::SinkCounters& sent, const std::string& destination) {
  log_info("stopped", {{"events", counters.events}, {"objects", counters.objects}, {"spans", counters.spans},
                       {"late", counters.late}, {"accepted", sent.accepted}, {"not_delivered", sent.not_delivered()},
                       {"delivery", exporter::delivery_report(sent, destination)}});
}

}  // namespace

int run_daemon(DaemonConfig c) {
  map_large_blocks_apart();
  set_log_level(c.watch.log_level);
  StopFlag stop;
  SignalWatcher signals(stop);  // before any thread starts, so all of them block the signals
  const int64_t start_ns = now_ns();

  ClusterConfig cluster = load_cluster_config(c.watch.config, process_environment());
  log_info("starting", {{"version", KSPAN_VERSION}, {"cluster", cluster.server}, {"config", cluster.origin}});
  ApiClient client(cluster, kUserAgent);

  Metrics metrics;
  auto exporter = exporter::make_exporter(c.exporting, c.settings.version);
  const std::string destination = exporter->describe();
  exporter::BatchSpanSink sink(std::move(exporter), {c.exporting.batch, exporter::WhenFull::kDrop, false});
  c.settings.live = true;
  cli::YamlToJson yaml;
  kspan::Engine engine(c.settings, sink, &yaml);
  RecordQueue queue;
  std::atomic<bool> ready{false};
  HeapUpkeep heap;

  EngineLoopHooks hooks;
  hooks.clock = now_ns;
  hooks.on_tick = [&] {
    metrics.sync_engine(engine.counters());
    metrics.sync_export(sink.counters());
    metrics.queue_records(queue.size(), queue.bytes());
    if (auto use = heap.tick(std::chrono::steady_clock::now())) metrics.heap(use->in_use, use->free, heap.releases());
  };
  hooks.on_initial_events = [&] {
    ready = true;
    metrics.set_ready(true);
    log_info("ready: initial lists done");
  };
  EngineLoop loop(engine, queue, c.tick, hooks);

  StatusServer status({[&] { return metrics.exposition(); }, [&] { return engine_alive(loop); }, [&] { return ready.load(); }});
  if (!c.watch.metrics_addr.empty()) {
    status.start(c.watch.metrics_addr);
    log_info("serving /metrics, /healthz, /readyz", {{"address", c.watch.metrics_addr}, {"port", status.port()}});
  }

  std::optional<LeaderElector> elector;
  if (c.leader) {
    if (c.leader->namespace_name.empty()) c.leader->namespace_name = cluster.namespace_name.empty() ? "default" : cluster.namespace_name;
    elector.emplace(client, *c.leader);
    if (elector->acquire(stop)) elector->keep_renewing(stop);
    metrics.set_leader(!stop.requested());
  }

  WatchSet watches(client, queue, metrics, watch_set_options(c, start_ns));
  if (!stop.requested()) {
    watches.start();
    loop.run(stop);
  }
  const auto deadline = std::chrono::steady_clock::now() + c.shutdown_timeout;
  log_info("stopping", {{"reason", stop.reason()}});
  watches.stop();
  loop.drain_and_finish();
  sink.shutdown(deadline);
  hooks.on_tick();
  if (elector) elector->release();
  status.stop();
  log_summary(engine.counters(), sink.counters(), destination);
  return stop.reason() == "lost leadership" ? 1 : 0;
}

}  // namespace kspan::daemon
