#include "event_feed.hpp"

#include "clock.hpp"
#include "envelope.hpp"
#include "event_fields.hpp"
#include "log.hpp"

namespace kspan::daemon {

using nlohmann::json;

EventFeed::EventFeed(RecordQueue& queue, Metrics& metrics, OwnerWatches& owners, EventFeedOptions options)
    : queue_(queue), metrics_(metrics), owners_(owners), options_(std::move(options)) {}

bool EventFeed::admit(const json& event, bool listed) {
  const EventFields f = event_fields(event);
  if (!options_.scope.admits(f.namespace_name)) {
    metrics_.skipped("excluded-namespace");
    return false;
  }
  if (listed && f.last_ns && *f.last_ns < options_.not_before_ns) {
    metrics_.skipped("before-start");
    return false;
  }
  metrics_.event_received(f.type, f.involved.kind, f.reason);
  owners_.ensure(f.involved.api_version, f.involved.kind);
  if (f.related) owners_.ensure(f.related->api_version, f.related->kind);
  return true;
}

void EventFeed::on_list(std::vector<json>&& items, bool first) {
  Record record;
  record.lines = 0;
  record.events = true;
  record.initial_events = first;
  for (auto& item : items) {
    // List items carry no kind; the core would recognise them anyway, but say it.
    if (!item.contains("kind")) item["kind"] = "Event";
    if (!item.contains("apiVersion")) item["apiVersion"] = options_.api_version;
    if (!admit(item, true)) continue;
    record.text += envelope("ADDED", item, std::nullopt);
    ++record.lines;
  }
  if (first) {
    const auto deadline = std::chrono::steady_clock::now() + options_.owners_wait;
    if (!owners_.wait_settled(deadline))
      log_warn("the owners' first lists took too long; events go on without them", {{"waited_s", options_.owners_wait.count()}});
    log_info("initial events listed", {{"events", record.lines}, {"listed", items.size()}});
  }
  if (record.lines > 0 || first) queue_.push(std::move(record));
}

const JsonShape* EventFeed::object_shape() const { return &event_fields_shape(); }

void EventFeed::on_watch(std::string_view type, json& object, std::string_view line) {
  if (type == "DELETED") {
    metrics_.skipped("deleted-event");
    return;
  }
  if (!admit(object, false)) return;
  if (auto text = with_observed_at(line, now_ns())) queue_.push(Record{std::move(*text), 1, true, false});
}

}  // namespace kspan::daemon
