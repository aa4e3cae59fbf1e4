#include "object_feed.hpp"

#include "clock.hpp"
#include "envelope.hpp"

namespace kspan::daemon {

using nlohmann::json;

ObjectFeed::ObjectFeed(ApiResource resource, RecordQueue& queue, Metrics& metrics, Scope scope, KindSeen owners)
    : resource_(std::move(resource)), queue_(queue), metrics_(metrics), scope_(std::move(scope)), owners_(std::move(owners)) {}

bool ObjectFeed::prepare(json& object) {
  object["apiVersion"] = resource_.group_version();
  object["kind"] = resource_.kind;
  const json& meta = object.contains("metadata") ? object["metadata"] : json::object();
  if (!scope_.admits(meta.value("namespace", ""))) return false;
  if (auto refs = meta.find("ownerReferences"); refs != meta.end() && refs->is_array())
    for (const auto& ref : *refs)
      if (ref.is_object()) owners_(ref.value("apiVersion", ""), ref.value("kind", ""));
  return true;
}

void ObjectFeed::on_list(std::vector<json>&& items, bool) {
  Record record;
  record.lines = 0;
  const int64_t now = now_ns();
  for (auto& item : items) {
    if (!prepare(item)) continue;
    record.text += envelope("ADDED", item, now);
    ++record.lines;
  }
  cached_ = static_cast<int64_t>(record.lines);
  metrics_.objects_cached(resource_.label(), cached_);
  if (record.lines > 0) queue_.push(std::move(record));
}

void ObjectFeed::on_watch(std::string_view type, json& object, std::string_view) {
  if (!prepare(object)) return;
  if (type == "ADDED") ++cached_;
  else if (type == "DELETED") --cached_;
  metrics_.objects_cached(resource_.label(), cached_);
  queue_.push(Record{envelope(type, object, now_ns()), 1, false, false});
}

}  // namespace kspan::daemon
