#include "kspan/span_table_writer.hpp"

#include "json_text.hpp"
#include "kspan/ids.hpp"
#include "span_forest.hpp"

namespace kspan {

SpanTableWriter::SpanTableWriter() { intern(""); }

std::string SpanTable::strings_json() const {
  size_t size = 2;
  for (const auto& text : strings) size += text.size() + 3;
  std::string out;
  out.reserve(size);
  out.push_back('[');
  for (size_t i = 0; i < strings.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_json_string(out, strings[i]);
  }
  out.push_back(']');
  return out;
}

uint32_t SpanTableWriter::intern(std::string_view text) {
  if (auto found = string_index_.find(text); found != string_index_.end()) return found->second;
  const auto index = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(text);
  string_index_.emplace(strings_.back(), index);
  return index;
}

void SpanTableWriter::on_span(const Span& span, const Resource& resource) {
  auto [mapped, new_resource] = resource_of_.try_emplace(span.resource_index, static_cast<uint32_t>(resources_.size()));
  if (new_resource) resources_.push_back(resource);
  Row row;
  row.name = intern(span.name);
  row.trace = intern(to_hex(span.trace_id));
  row.id = intern(to_hex(span.span_id));
  row.parent_id = span.has_parent ? intern(to_hex(span.parent_span_id)) : 0;
  row.status_message = intern(span.status_message);
  row.resource = mapped->second;
  row.attr_begin = static_cast<uint32_t>(attr_key_.size());
  for (const auto& attribute : span.attributes) {
    attr_key_.push_back(intern(attribute.key));
    if (const auto* text = std::get_if<std::string>(&attribute.value)) {
      attr_type_.push_back(static_cast<uint8_t>(AttributeType::String));
      attr_value_.push_back(intern(*text));
    } else if (const auto* number = std::get_if<int64_t>(&attribute.value)) {
      attr_type_.push_back(static_cast<uint8_t>(AttributeType::Int));
      attr_value_.push_back(static_cast<double>(*number));
    } else {
      attr_type_.push_back(static_cast<uint8_t>(AttributeType::Bool));
      attr_value_.push_back(std::get<bool>(attribute.value) ? 1 : 0);
    }
  }
  row.attr_end = static_cast<uint32_t>(attr_key_.size());
  row.link_begin = static_cast<uint32_t>(link_trace_.size());
  for (const auto& link : span.links) {
    link_trace_.push_back(intern(to_hex(link.trace_id)));
    link_span_.push_back(intern(to_hex(link.span_id)));
  }
  row.link_end = static_cast<uint32_t>(link_trace_.size());
  // The listing order needs the tree's fields and the label's attributes only; the rest
  // already went to the columns.
  row.span.trace_id = span.trace_id;
  row.span.span_id = span.span_id;
  row.span.parent_span_id = span.parent_span_id;
  row.span.has_parent = span.has_parent;
  row.span.start_ns = span.start_ns;
  row.span.end_ns = span.end_ns;
  row.span.error = span.error;
  row.span.resource_index = span.resource_index;
  row.span.name = span.name;
  for (const char* key : {"k8s.event.uid", "k8s.event.message", "k8s.namespace.name", "k8s.object.name"})
    if (const AttributeValue* value = find_attribute(span.attributes, key)) row.span.attributes.push_back({key, *value});
  rows_.push_back(std::move(row));
}

SpanTable SpanTableWriter::table() const {
  std::vector<const Span*> spans;
  spans.reserve(rows_.size());
  for (const auto& row : rows_) spans.push_back(&row.span);
  const std::vector<ForestRow> order = depth_first(spans);

  SpanTable t;
  t.strings.assign(strings_.begin(), strings_.end());
  t.resources = resources_;
  t.attr_start.push_back(0);
  t.link_start.push_back(0);
  for (const ForestRow& place : order) {
    const Row& row = rows_[place.span];
    t.trace.push_back(row.trace);
    t.id.push_back(row.id);
    t.parent.push_back(place.parent_row);
    t.parent_id.push_back(row.parent_id);
    t.depth.push_back(place.depth);
    t.name.push_back(row.name);
    t.resource.push_back(row.resource);
    t.status_message.push_back(row.status_message);
    t.kind.push_back(1);  // INTERNAL
    t.status.push_back(row.span.error ? 2 : 0);
    t.start_us.push_back(static_cast<double>(row.span.start_ns / 1000));
    t.end_us.push_back(static_cast<double>(row.span.end_ns / 1000));
    t.start_ns.push_back(static_cast<uint16_t>(row.span.start_ns % 1000));
    t.end_ns.push_back(static_cast<uint16_t>(row.span.end_ns % 1000));
    for (uint32_t a = row.attr_begin; a < row.attr_end; ++a) {
      t.attr_key.push_back(attr_key_[a]);
      t.attr_type.push_back(attr_type_[a]);
      t.attr_value.push_back(attr_value_[a]);
    }
    t.attr_start.push_back(static_cast<uint32_t>(t.attr_key.size()));
    for (uint32_t l = row.link_begin; l < row.link_end; ++l) {
      t.link_trace.push_back(link_trace_[l]);
      t.link_span.push_back(link_span_[l]);
    }
    t.link_start.push_back(static_cast<uint32_t>(t.link_trace.size()));
  }
  return t;
}

}  // namespace kspan
