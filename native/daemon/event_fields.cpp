#include "event_fields.hpp"

#include "clock.hpp"

namespace kspan::daemon {
namespace {

using nlohmann::json;

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string text(const json& object, const char* key) {
  const json* v = member(object, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::optional<int64_t> time_at(const json& object, const char* key) {
  const json* v = member(object, key);
  if (!v || !v->is_string()) return std::nullopt;
  return parse_rfc3339(v->get_ref<const std::string&>());
}

std::optional<int64_t> series_time(const json& event) {
  const json* series = member(event, "series");
  return series ? time_at(*series, "lastObservedTime") : std::nullopt;
}

std::optional<int64_t> creation_time(const json& event) {
  const json* meta = member(event, "metadata");
  return meta ? time_at(*meta, "creationTimestamp") : std::nullopt;
}

template <typename... Sources>
std::optional<int64_t> first_of(Sources... sources) {
  std::optional<int64_t> out;
  ((out = out ? out : sources()), ...);
  return out;
}

ObjectName object_name(const json* ref) {
  if (!ref) return {};
  return ObjectName{text(*ref, "apiVersion"), text(*ref, "kind")};
}

}  // namespace

const JsonShape& event_fields_shape() {
  static const JsonShape shape = [] {
    const JsonShape reference{{"apiVersion", true}, {"kind", true}, {"namespace", true}};
    return JsonShape{{"apiVersion", true}, {"type", true}, {"reason", true}, {"note", true},
                     {"lastTimestamp", true}, {"eventTime", true}, {"firstTimestamp", true},
                     {"deprecatedLastTimestamp", true}, {"series", {{"lastObservedTime", true}}},
                     {"metadata", {{"namespace", true}, {"creationTimestamp", true}}},
                     {"involvedObject", reference}, {"regarding", reference}, {"related", reference}};
  }();
  return shape;
}

EventFields event_fields(const json& e) {
  EventFields f;
  const json* meta = member(e, "metadata");
  f.namespace_name = meta ? text(*meta, "namespace") : "";
  f.type = text(e, "type");
  if (f.type.empty()) f.type = "Normal";
  f.reason = text(e, "reason");
  const bool new_api = text(e, "apiVersion").rfind("events.k8s.io", 0) == 0 || member(e, "regarding") || member(e, "note");
  if (new_api) {
    f.involved = object_name(member(e, "regarding"));
    if (const json* related = member(e, "related"); related && related->is_object()) f.related = object_name(related);
    f.last_ns = first_of([&] { return series_time(e); }, [&] { return time_at(e, "deprecatedLastTimestamp"); },
                         [&] { return time_at(e, "eventTime"); }, [&] { return creation_time(e); });
  } else {
    f.involved = object_name(member(e, "involvedObject"));
    f.last_ns = first_of([&] { return time_at(e, "lastTimestamp"); }, [&] { return series_time(e); },
                         [&] { return time_at(e, "eventTime"); }, [&] { return time_at(e, "firstTimestamp"); },
                         [&] { return creation_time(e); });
  }
  if (f.namespace_name.empty()) {
    const json* involved = member(e, new_api ? "regarding" : "involvedObject");
    if (involved) f.namespace_name = text(*involved, "namespace");
  }
  return f;
}

}  // namespace kspan::daemon
