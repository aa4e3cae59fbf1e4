#include "event_decoder.hpp"

#include "json_text.hpp"
#include "object_identity.hpp"
#include "pruned_parser.hpp"

#include <algorithm>

#include "kspan/settings.hpp"
#include "rfc3339.hpp"

namespace kspan {

namespace {

// Reads fields of one record, counting every repair against its location.
class FieldReader {
 public:
  // Refers to the record's location instead of copying it (its file name) for every record; the
  // location is built only for what keeps it: the decoded event or object, and counted repairs.
  FieldReader(const Location& where, Counters& counters) : base_(where), object_(where.object), counters_(counters) {}

  Location where() const { return Location{base_.source, base_.line, base_.offset, object_}; }
  void set_object(std::string object) { object_ = std::move(object); }

  // A string field; "null", wrong types and empty strings count as absent.
  std::optional<std::string_view> text(JsonView object, std::string_view key) {
    const JsonView value = object.member(key);
    if (!value.present()) return std::nullopt;
    if (!value.is_string()) {
      repair("wrong-type", key, "is not a string");
      return std::nullopt;
    }
    const std::string_view text = value.text();
    if (text == "null") {
      repair("null-string", key, "is the string \"null\"");
      return std::nullopt;
    }
    if (text.empty()) return std::nullopt;
    return text;
  }

  std::string_view text_or_empty(JsonView object, std::string_view key) { return text(object, key).value_or(""); }

  std::optional<int64_t> time(JsonView object, std::string_view key) {
    auto value = text(object, key);
    if (!value) return std::nullopt;
    auto parsed = parse_rfc3339(*value);
    if (!parsed) repair("invalid-time", key, "\"" + std::string(value->substr(0, 40)) + "\" is not an RFC 3339 time");
    return parsed;
  }

  std::optional<int64_t> integer(JsonView object, std::string_view key) {
    const JsonView value = object.member(key);
    if (!value.present()) return std::nullopt;
    if (value.is(JsonType::Integer)) return value.integer();
    if (value.is_string() && value.text() == "null") {
      repair("null-string", key, "is the string \"null\"");
      return std::nullopt;
    }
    repair("wrong-type", key, "is not an integer");
    return std::nullopt;
  }

  JsonView object(JsonView parent, std::string_view key) {
    const JsonView value = parent.member(key);
    if (!value.present() || value.is_object()) return value;
    if (!(value.is_string() && value.text() == "null")) repair("wrong-type", key, "is not an object");
    return {};
  }

  void repair(const char* reason, std::string_view key, const std::string& what) {
    counters_.repair(reason, where(), "field " + std::string(key) + " " + what);
  }
  void skip(const char* reason, const std::string& detail) { counters_.skip(reason, where(), detail); }

 private:
  const Location& base_;
  std::string object_;
  Counters& counters_;
};

template <typename T>
std::optional<T> first_of(std::initializer_list<std::optional<T>> candidates) {
  for (const auto& candidate : candidates)
    if (candidate) return candidate;
  return std::nullopt;
}

uint64_t parse_resource_version(std::string_view text) {
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > UINT64_MAX / 10) return 0;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

ObjectRef read_ref(FieldReader& read, JsonView ref) {
  ObjectRef out;
  out.api_version = read.text_or_empty(ref, "apiVersion");
  out.kind = read.text_or_empty(ref, "kind");
  out.ns = read.text_or_empty(ref, "namespace");
  out.name = read.text_or_empty(ref, "name");
  out.uid = read.text_or_empty(ref, "uid");
  out.field_path = read.text_or_empty(ref, "fieldPath");
  return out;
}

bool is_events_v1(JsonView record) {
  if (record.member("apiVersion").text().starts_with("events.k8s.io/")) return true;
  return record.has("regarding") || record.has("note");
}

bool looks_like_event(JsonView record, std::string_view kind) {
  if (kind == "Event") return true;
  if (!kind.empty()) return false;
  return (record.has("involvedObject") || record.has("regarding")) && record.has("reason");
}

// Kubernetes truncates most event times to whole seconds; an observation within that
// second is the better time (spec 1.1). A time ahead of its observation by more than
// `reorder` came from a fast clock (spec 1.2).
void settle_effective_time(Event& event, int64_t reorder_ns) {
  event.effective_ns = event.last_ns;
  if (!event.observed_ns) return;
  const int64_t observed = *event.observed_ns;
  if (event.last_ns % kNanosPerSecond == 0 && observed >= event.last_ns && observed < event.last_ns + kNanosPerSecond)
    event.effective_ns = observed;
  if (event.effective_ns > observed + reorder_ns) {
    event.effective_ns = observed;
    event.skewed = true;
  }
}

bool decode_event(JsonView record, const DecodeContext& context, FieldReader& read, DecodedSink& sink) {
  const bool v1 = is_events_v1(record);
  const JsonView metadata = read.object(record, "metadata");
  Event event;
  event.uid = read.text_or_empty(metadata, "uid");
  event.name = read.text_or_empty(metadata, "name");
  event.ns = read.text_or_empty(metadata, "namespace");
  event.involved = read_ref(read, read.object(record, v1 ? "regarding" : "involvedObject"));
  // Old exports leave the involved namespace out; cluster-scoped objects have none.
  if (event.involved.ns.empty() && !is_cluster_scoped(event.involved.kind)) event.involved.ns = event.ns;
  if (is_cluster_scoped(event.involved.kind)) event.involved.ns.clear();
  read.set_object(object_label(event.involved.ns, event.involved.name));
  if (event.uid.empty()) {
    read.skip("no-uid", "an Event without metadata.uid");
    return false;
  }
  if (event.involved.name.empty()) {
    read.skip("no-involved-name", "an Event whose involved object has no name");
    return false;
  }
  if (v1) {
    if (const JsonView related = read.object(record, "related"); related.present()) event.related = read_ref(read, related);
  }
  event.reason = read.text_or_empty(record, "reason");
  event.type = read.text(record, "type").value_or("Normal");
  event.message = read.text_or_empty(record, v1 ? "note" : "message");
  event.action = read.text_or_empty(record, "action");
  const JsonView series = read.object(record, "series");
  if (v1) {
    const JsonView source = read.object(record, "deprecatedSource");
    event.component = first_of({read.text(record, "reportingController"), read.text(source, "component")}).value_or("");
    event.instance = first_of({read.text(record, "reportingInstance"), read.text(source, "host")}).value_or("");
    auto deprecated_count = read.integer(record, "deprecatedCount");
    event.count = first_of({read.integer(series, "count"),
                            deprecated_count && *deprecated_count > 0 ? deprecated_count : std::nullopt});
    event.first_ns = first_of({read.time(record, "deprecatedFirstTimestamp"), read.time(record, "eventTime")});
    auto last = first_of({read.time(series, "lastObservedTime"), read.time(record, "deprecatedLastTimestamp"),
                          read.time(record, "eventTime"), read.time(metadata, "creationTimestamp")});
    if (last) event.last_ns = *last;
    else event.last_ns = INT64_MIN;
  } else {
    const JsonView source = read.object(record, "source");
    event.component = first_of({read.text(source, "component"), read.text(record, "reportingComponent")}).value_or("");
    event.instance = first_of({read.text(source, "host"), read.text(record, "reportingInstance")}).value_or("");
    auto count = read.integer(record, "count");
    event.count = first_of({count && *count > 0 ? count : std::nullopt, read.integer(series, "count")});
    event.first_ns = first_of({read.time(record, "firstTimestamp"), read.time(record, "eventTime")});
    auto last = first_of({read.time(record, "lastTimestamp"), read.time(series, "lastObservedTime"),
                          read.time(record, "eventTime"), read.time(record, "firstTimestamp"),
                          read.time(metadata, "creationTimestamp")});
    if (last) event.last_ns = *last;
    else event.last_ns = INT64_MIN;
  }
  if (event.last_ns == INT64_MIN) {
    read.skip("no-time", "an Event with no usable time");
    return false;
  }
  if (event.count && *event.count <= 0) event.count.reset();
  event.resource_version = parse_resource_version(read.text_or_empty(metadata, "resourceVersion"));
  const JsonView annotations = read.object(metadata, "annotations");
  event.top_level = read.text_or_empty(annotations, "topLevelSpan") == "true";
  event.observed_ns = context.observed_ns;
  event.where = read.where();
  settle_effective_time(event, context.reorder_ns);
  sink.on_event(std::move(event));
  return true;
}

bool touches_spec(JsonView fields) { return fields.is_object() && fields.has("f:spec"); }

void read_spec_changes(FieldReader& read, JsonView metadata, ObjectObservation& object) {
  const JsonView managed = metadata.member("managedFields");
  if (!managed.is_array()) return;
  for (JsonView entry : managed) {
    if (!entry.is_object() || !touches_spec(entry.member("fieldsV1"))) continue;
    auto time = read.time(entry, "time");
    if (!time) continue;
    object.spec_changes.push_back(SpecChange{*time, std::string(read.text_or_empty(entry, "manager")),
                                             std::string(read.text(entry, "operation").value_or("Update"))});
  }
  std::stable_sort(object.spec_changes.begin(), object.spec_changes.end(),
                   [](const SpecChange& a, const SpecChange& b) { return a.time_ns < b.time_ns; });
}

bool decode_object(JsonView record, std::string_view kind, const DecodeContext& context, FieldReader& read,
                   bool deleted, DecodedSink& sink) {
  const JsonView metadata = read.object(record, "metadata");
  ObjectObservation object;
  object.ref.api_version = read.text_or_empty(record, "apiVersion");
  object.ref.kind = kind;
  object.ref.ns = read.text_or_empty(metadata, "namespace");
  object.ref.name = read.text_or_empty(metadata, "name");
  object.ref.uid = read.text_or_empty(metadata, "uid");
  read.set_object(object_label(object.ref.ns, object.ref.name));
  if (object.ref.name.empty()) {
    read.skip("no-name", "a " + std::string(kind) + " without metadata.name");
    return false;
  }
  if (auto generation = read.integer(metadata, "generation")) {
    object.generation = *generation;
    object.has_generation = true;
  }
  object.resource_version = parse_resource_version(read.text_or_empty(metadata, "resourceVersion"));
  for (JsonView owner : metadata.member("ownerReferences")) {
    if (!owner.is_object()) continue;
    OwnerRef ref{read_ref(read, owner), false};
    const JsonView controller = owner.member("controller");
    ref.controller = controller.is(JsonType::Bool) && controller.integer() != 0;
    if (ref.ref.ns.empty()) ref.ref.ns = object.ref.ns;
    if (!ref.ref.name.empty() && !ref.ref.kind.empty()) object.owners.push_back(std::move(ref));
  }
  read_spec_changes(read, metadata, object);
  object.observed_ns = context.observed_ns;
  object.deleted = deleted;
  object.where = read.where();
  sink.on_object(std::move(object));
  return true;
}

bool decode_inner(JsonView record, const DecodeContext& context, Counters& counters, DecodedSink& sink,
                  bool deleted);

bool decode_envelope(JsonView record, const DecodeContext& context, Counters& counters, DecodedSink& sink) {
  FieldReader read(context.where, counters);
  const std::string_view type = record.member("type").text();
  DecodeContext inner = context;
  if (auto observed = read.time(record, "observedAt")) inner.observed_ns = observed;
  const JsonView object = record.member("object");
  if (type == "BOOKMARK") return true;
  if (type == "ERROR") {
    read.skip("watch-error", "an ERROR watch event");
    return false;
  }
  const bool is_event = looks_like_event(object, object.member("kind").text());
  if (type == "DELETED" && is_event) return true;  // an Event whose TTL ran out is not news
  return decode_inner(object, inner, counters, sink, type == "DELETED");
}

bool decode_inner(JsonView record, const DecodeContext& context, Counters& counters, DecodedSink& sink,
                  bool deleted) {
  FieldReader read(context.where, counters);
  if (!record.is_object()) {
    read.skip("not-an-object", "a record that is not a JSON object");
    return false;
  }
  const JsonView items = record.member("items");
  if (items.is_array()) {
    bool any = false;
    for (JsonView item : items) any = decode_inner(item, context, counters, sink, false) || any;
    return any;
  }
  if (record.has("resourceSpans")) {
    read.skip("otlp-input", "OTLP traces are shown as they are by the viewer, not correlated again");
    return false;
  }
  if (record.member("type").is_string() && record.member("object").is_object())
    return decode_envelope(record, context, counters, sink);
  const std::string_view kind = read.text_or_empty(record, "kind");
  if (looks_like_event(record, kind)) return decode_event(record, context, read, sink);
  if (kind.empty()) {
    read.skip("unknown-record", "a record with no kind that is not an Event");
    return false;
  }
  return decode_object(record, kind, context, read, deleted, sink);
}

}  // namespace

bool decode_record_text(std::string_view text, const DecodeContext& context, Counters& counters, DecodedSink& sink,
                        RecordDocument& document, ParseScope scope) {
  std::string error;
  bool parsed = parse_record(text, scope, document, error);
  std::string repaired;
  if (!parsed && replace_invalid_utf8(text, repaired)) {
    // Messages are untrusted text: keep the record, with U+FFFD for the bytes that are not UTF-8.
    std::string second_error;
    parsed = parse_record(repaired, scope, document, second_error);
    if (parsed) counters.repair("invalid-utf8", context.where, "bytes that are not UTF-8 replaced by U+FFFD");
  }
  if (!parsed) {
    counters.skip("parse-error", context.where, error);
    return false;
  }
  return decode_inner(document.root(), context, counters, sink, false);
}

bool decode_document(const RecordDocument& document, const DecodeContext& context, Counters& counters,
                     DecodedSink& sink) {
  return decode_inner(document.root(), context, counters, sink, false);
}

}  // namespace kspan
