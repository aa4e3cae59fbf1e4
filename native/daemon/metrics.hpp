// The daemon's Prometheus metrics (names start with kspan_), on prometheus-cpp's registry.
// Every method is thread-safe; the engine thread copies the core's and the exporter's
// counters in with sync_engine and sync_export.
#pragma once
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <cstdint>
#include <memory>
#include <string>

#include "batch_span_sink.hpp"
#include "kspan/counters.hpp"

namespace kspan::daemon {

class Metrics {
 public:
  Metrics();

  // Prometheus text exposition format 0.0.4.
  std::string exposition() const;

  void event_received(const std::string& type, const std::string& kind, const std::string& reason);
  void skipped(const std::string& reason, uint64_t n = 1);  // the daemon's own skips
  void watch_restart(const std::string& resource, const std::string& reason);
  void kind_refused(const std::string& kind, long status);
  void objects_cached(const std::string& kind, int64_t count);
  void queue_records(size_t n, size_t bytes);
  void set_ready(bool ready);
  void set_leader(bool leader);
  // The allocator's view of the heap (allocator.hpp): in use, freed but kept, and how many
  // times free pages were given back so far.
  void heap(size_t in_use, size_t free, size_t releases);

  void sync_engine(const kspan::Counters& counters);  // engine thread only
  void sync_export(const exporter::SinkCounters& counters);

 private:
  // Counters of the core and the exporter are totals; the metric catches up by the difference.
  static void catch_up(prometheus::Counter& counter, uint64_t total);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& skipped_;
  prometheus::Family<prometheus::Counter>& repaired_;
  prometheus::Family<prometheus::Counter>& limited_;
  prometheus::Family<prometheus::Counter>& spans_;
  prometheus::Family<prometheus::Counter>& records_;
  prometheus::Family<prometheus::Counter>& export_spans_;
  prometheus::Family<prometheus::Counter>& export_requests_;
  prometheus::Family<prometheus::Counter>& watch_restarts_;
  prometheus::Family<prometheus::Counter>& refused_;
  prometheus::Family<prometheus::Gauge>& gauges_;
  prometheus::Family<prometheus::Gauge>& objects_;
  prometheus::Family<prometheus::Gauge>& heap_;
  prometheus::Family<prometheus::Counter>& heap_releases_;
};

}  // namespace kspan::daemon
