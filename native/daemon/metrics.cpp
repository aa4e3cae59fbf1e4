#include "metrics.hpp"

#include <prometheus/text_serializer.h>

#include <sstream>

namespace kspan::daemon {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      events_(BuildCounter().Name("kspan_events_total")
                  .Help("Events received from the API server, by type, involved kind and reason").Register(*registry_)),
      skipped_(BuildCounter().Name("kspan_skipped_total")
                   .Help("Records skipped, by reason (the core's skip reasons and the daemon's: before-start, excluded-namespace, deleted-event)")
                   .Register(*registry_)),
      repaired_(BuildCounter().Name("kspan_repaired_total").Help("Records repaired by the core, by reason").Register(*registry_)),
      limited_(BuildCounter().Name("kspan_limited_total")
                   .Help("Times a memory limit of the core was reached, by reason (pending-limit, object-limit, resource-limit, owner-depth-limit)")
                   .Register(*registry_)),
      spans_(BuildCounter().Name("kspan_spans_total").Help("Spans made, by the parent rule that placed them").Register(*registry_)),
      records_(BuildCounter().Name("kspan_core_records_total")
                   .Help("What the core read: records, events, objects, late and skewed events, synthesised roots")
                   .Register(*registry_)),
      export_spans_(BuildCounter().Name("kspan_export_spans_total")
                        .Help("Spans handed to the exporter, by outcome: accepted, rejected, failed, dropped_queue_full, dropped_at_shutdown")
                        .Register(*registry_)),
      export_requests_(BuildCounter().Name("kspan_export_requests_total")
                           .Help("OTLP export requests: batches, attempts and retries (attempts after the first)")
                           .Register(*registry_)),
      watch_restarts_(BuildCounter().Name("kspan_watch_restarts_total")
                          .Help("Watches started again, by resource and reason (closed, expired, error, refused)")
                          .Register(*registry_)),
      refused_(BuildCounter().Name("kspan_kind_refused_total")
                   .Help("Lists or watches refused (403, 404), by kind and status").Register(*registry_)),
      gauges_(BuildGauge().Name("kspan_state")
                  .Help("Sizes and states: record_queue, record_queue_bytes, export_queue, pending_events, ready, leader").Register(*registry_)),
      objects_(BuildGauge().Name("kspan_objects_cached").Help("Objects whose metadata is followed, by kind").Register(*registry_)),
      heap_(BuildGauge().Name("kspan_heap_bytes")
                .Help("The allocator's heap: in_use (allocated), free (freed but kept by the allocator)")
                .Register(*registry_)),
      heap_releases_(BuildCounter().Name("kspan_heap_releases_total")
                         .Help("Times the free pages of the heap were given back to the system")
                         .Register(*registry_)) {}

std::string Metrics::exposition() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

void Metrics::event_received(const std::string& type, const std::string& kind, const std::string& reason) {
  events_.Add({{"type", type}, {"kind", kind}, {"reason", reason}}).Increment();
}

void Metrics::skipped(const std::string& reason, uint64_t n) {
  skipped_.Add({{"reason", reason}, {"by", "daemon"}}).Increment(static_cast<double>(n));
}

void Metrics::watch_restart(const std::string& resource, const std::string& reason) {
  watch_restarts_.Add({{"resource", resource}, {"reason", reason}}).Increment();
}

void Metrics::kind_refused(const std::string& kind, long status) {
  refused_.Add({{"kind", kind}, {"status", std::to_string(status)}}).Increment();
}

void Metrics::objects_cached(const std::string& kind, int64_t count) {
  objects_.Add({{"kind", kind}}).Set(static_cast<double>(count));
}

void Metrics::queue_records(size_t n, size_t bytes) {
  gauges_.Add({{"what", "record_queue"}}).Set(static_cast<double>(n));
  gauges_.Add({{"what", "record_queue_bytes"}}).Set(static_cast<double>(bytes));
}
void Metrics::set_ready(bool ready) { gauges_.Add({{"what", "ready"}}).Set(ready ? 1 : 0); }
void Metrics::set_leader(bool leader) { gauges_.Add({{"what", "leader"}}).Set(leader ? 1 : 0); }

void Metrics::heap(size_t in_use, size_t free, size_t releases) {
  heap_.Add({{"state", "in_use"}}).Set(static_cast<double>(in_use));
  heap_.Add({{"state", "free"}}).Set(static_cast<double>(free));
  catch_up(heap_releases_.Add({}), releases);
}

void Metrics::catch_up(prometheus::Counter& counter, uint64_t total) {
  const double now = counter.Value();
  if (static_cast<double>(total) > now) counter.Increment(static_cast<double>(total) - now);
}

void Metrics::sync_engine(const kspan::Counters& c) {
  for (const auto& [reason, count] : c.skipped) catch_up(skipped_.Add({{"reason", reason}, {"by", "core"}}), count.count);
  for (const auto& [reason, count] : c.repaired) catch_up(repaired_.Add({{"reason", reason}}), count.count);
  for (const auto& [reason, count] : c.limited) catch_up(limited_.Add({{"reason", reason}}), count.count);
  for (const auto& [rule, count] : c.parent_rules) catch_up(spans_.Add({{"parent_rule", rule}}), count);
  catch_up(records_.Add({{"what", "records"}}), c.records);
  catch_up(records_.Add({{"what", "events"}}), c.events);
  catch_up(records_.Add({{"what", "objects"}}), c.objects);
  catch_up(records_.Add({{"what", "late"}}), c.late);
  catch_up(records_.Add({{"what", "skewed"}}), c.skewed);
  catch_up(records_.Add({{"what", "roots_synthesised"}}), c.roots_synthesised);
  catch_up(records_.Add({{"what", "spans"}}), c.spans);
  gauges_.Add({{"what", "pending_events"}}).Set(static_cast<double>(c.pending));
}

void Metrics::sync_export(const exporter::SinkCounters& c) {
  catch_up(export_spans_.Add({{"result", "accepted"}}), c.accepted);
  catch_up(export_spans_.Add({{"result", "rejected"}}), c.rejected);
  catch_up(export_spans_.Add({{"result", "failed"}}), c.failed);
  catch_up(export_spans_.Add({{"result", "dropped_queue_full"}}), c.dropped_queue_full);
  catch_up(export_spans_.Add({{"result", "dropped_at_shutdown"}}), c.dropped_at_shutdown);
  catch_up(export_requests_.Add({{"what", "batches"}}), c.batches);
  catch_up(export_requests_.Add({{"what", "attempts"}}), c.attempts);
  catch_up(export_requests_.Add({{"what", "retries"}}), c.attempts > c.batches ? c.attempts - c.batches : 0);
  const uint64_t in_queue = c.received > c.handled() ? c.received - c.handled() : 0;
  gauges_.Add({{"what", "export_queue"}}).Set(static_cast<double>(in_queue));
}

}  // namespace kspan::daemon
