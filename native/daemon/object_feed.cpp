#include "object_feed.hpp"

#include "clock.hpp"
#include "envelope.hpp"
#include "json_member.hpp"
#include "pruned_json.hpp"

namespace kspan::daemon {

using nlohmann::json;

ObjectFeed::ObjectFeed(ApiResource resource, RecordQueue& queue, Metrics& metrics, Scope scope, KindSeen owners)
    : resource_(std::move(resource)), queue_(queue), metrics_(metrics), scope_(std::move(scope)), owners_(std::move(owners)) {}

bool ObjectFeed::admit(const json& object) {
  const auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return scope_.admits("");
  if (!scope_.admits(string_member(*meta, "namespace"))) return false;
  if (auto refs = meta->find("ownerReferences"); refs != meta->end() && refs->is_array())
    for (const auto& ref : *refs)
      if (ref.is_object()) owners_(string_member(ref, "apiVersion"), string_member(ref, "kind"));
  return true;
}

void ObjectFeed::on_list(std::vector<json>&& items, bool) {
  Record record;
  record.lines = 0;
  const int64_t now = now_ns();
  for (auto& item : items) {
    if (!admit(item)) continue;
    item["apiVersion"] = resource_.group_version();
    item["kind"] = resource_.kind;
    record.text += envelope("ADDED", item, now);
    ++record.lines;
  }
  cached_ = static_cast<int64_t>(record.lines);
  metrics_.objects_cached(resource_.label(), cached_);
  if (record.lines > 0) queue_.push(std::move(record));
}

const JsonShape* ObjectFeed::object_shape() const {
  static const JsonShape shape = {{"metadata", {{"namespace", true}, {"ownerReferences", true}}}};
  return &shape;
}

void ObjectFeed::on_watch(std::string_view type, json& object, std::string_view line) {
  // Only these are news of an object; anything else would also be pasted into the record.
  if (type != "ADDED" && type != "MODIFIED" && type != "DELETED") return;
  if (!admit(object)) return;
  const std::optional<std::string_view> metadata = member_text(line, {"object", "metadata"});
  if (!metadata) return;  // no metadata: nothing the core could use
  if (type == "ADDED") ++cached_;
  else if (type == "DELETED") --cached_;
  metrics_.objects_cached(resource_.label(), cached_);
  queue_.push(Record{metadata_envelope(type, resource_.group_version(), resource_.kind, *metadata, now_ns()), 1, false, false});
}

}  // namespace kspan::daemon
