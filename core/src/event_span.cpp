#include "event_span.hpp"

#include <string_view>

#include "object_identity.hpp"
#include "rfc3339.hpp"

namespace kspan {

namespace {

std::string_view container_of(std::string_view field_path) {
  for (std::string_view prefix : {"spec.containers{", "spec.initContainers{", "spec.ephemeralContainers{"}) {
    if (field_path.starts_with(prefix) && field_path.ends_with('}'))
      return field_path.substr(prefix.size(), field_path.size() - prefix.size() - 1);
  }
  return {};
}

// Writes attributes over the slots of a vector that held the previous span's: a string slot
// keeps its buffer, so equal-sized texts cost no allocation.
class AttributeSlots {
 public:
  explicit AttributeSlots(std::vector<Attribute>& out) : out_(out) {}

  void text(std::string_view key, std::string_view value) {
    Attribute& slot = next(key);
    if (auto* held = std::get_if<std::string>(&slot.value)) held->assign(value);
    else slot.value.emplace<std::string>(value);
  }
  void text_if_any(std::string_view key, std::string_view value) {
    if (!value.empty()) text(key, value);
  }
  void number(std::string_view key, int64_t value) { next(key).value = value; }
  void flag(std::string_view key, bool value) { next(key).value = value; }
  // Drops the slots this span did not use.
  void finish() { out_.resize(used_); }

 private:
  Attribute& next(std::string_view key) {
    if (used_ == out_.size()) out_.emplace_back();
    Attribute& slot = out_[used_++];
    slot.key = key;
    return slot;
  }

  std::vector<Attribute>& out_;
  size_t used_ = 0;
};

void write_involved(AttributeSlots& slots, const ObjectRef& involved) {
  slots.text_if_any("k8s.namespace.name", involved.ns);
  slots.text("k8s.object.kind", involved.kind);
  slots.text("k8s.object.name", involved.name);
  slots.text_if_any("k8s.object.uid", involved.uid);
  slots.text_if_any("k8s.object.api_version", involved.api_version);
  slots.text_if_any("k8s.object.fieldpath", involved.field_path);
  const std::string_view name_key = kind_name_attribute(involved.kind);
  if (!name_key.empty()) slots.text(name_key, involved.name);
  const std::string_view uid_key = kind_uid_attribute(involved.kind);
  if (!uid_key.empty() && !involved.uid.empty()) slots.text(uid_key, involved.uid);
}

void write_attributes(const EventSpanSource& source, AttributeSlots& slots) {
  const Event& event = source.event;
  slots.text("k8s.event.reason", event.reason);
  slots.text("k8s.event.uid", event.uid);
  slots.text_if_any("k8s.event.name", event.name);
  if (event.count) slots.number("k8s.event.count", *event.count);
  slots.text_if_any("k8s.event.action", event.action);
  slots.text("k8s.event.message", event.message);
  slots.text("k8s.event.type", event.type);
  write_involved(slots, event.involved);
  if (source.has_subject) {
    slots.text("kspan.subject.kind", source.subject_kind);
    slots.text("kspan.subject.name", source.subject_name);
    const std::string_view subject_name = kind_name_attribute(source.subject_kind);
    if (!subject_name.empty()) slots.text(subject_name, source.subject_name);
  }
  slots.text_if_any("k8s.container.name", container_of(event.involved.field_path));
  if (event.related) {
    slots.text("kspan.related.kind", event.related->kind);
    slots.text("kspan.related.name", event.related->name);
  }
  if (event.count && *event.count > 1 && event.first_ns)
    slots.text("kspan.event.first_time", format_rfc3339(*event.first_ns));
  slots.text("kspan.parent.rule", source.rule);
  if (source.evidence != Evidence::None) slots.text("kspan.owner.evidence", evidence_name(source.evidence));
  if (event.late) slots.flag("kspan.late", true);
  if (event.skewed) slots.flag("kspan.skewed", true);
}

}  // namespace

void compose_event_span(const Span& head, const EventSpanSource& source, Span& out) {
  const Event& event = source.event;
  out.trace_id = head.trace_id;
  out.span_id = head.span_id;
  out.parent_span_id = head.parent_span_id;
  out.has_parent = head.has_parent;
  out.start_ns = head.start_ns;
  out.end_ns = head.end_ns;
  out.links = head.links;
  out.resource_index = head.resource_index;
  out.name.assign(event.involved.kind).append(".").append(event.reason);
  out.error = event.type != "Normal";
  if (out.error) out.status_message.assign(event.message);
  else out.status_message.clear();
  AttributeSlots slots(out.attributes);
  write_attributes(source, slots);
  slots.finish();
}

}  // namespace kspan
