#include "kspan/span.hpp"

namespace kspan {

const AttributeValue* find_attribute(const std::vector<Attribute>& attributes, std::string_view key) {
  for (const auto& attribute : attributes)
    if (attribute.key == key) return &attribute.value;
  return nullptr;
}

std::string attribute_string(const std::vector<Attribute>& attributes, std::string_view key) {
  const AttributeValue* value = find_attribute(attributes, key);
  if (value == nullptr) return {};
  if (const auto* text = std::get_if<std::string>(value)) return *text;
  if (const auto* number = std::get_if<int64_t>(value)) return std::to_string(*number);
  return std::get<bool>(*value) ? "true" : "false";
}

std::span<const AttributeView> views_of(const std::vector<Attribute>& attributes, std::vector<AttributeView>& out) {
  out.clear();
  for (const Attribute& attribute : attributes) {
    AttributeView& view = out.emplace_back();
    view.key = attribute.key;
    if (const auto* text = std::get_if<std::string>(&attribute.value)) view.value = std::string_view(*text);
    else if (const auto* number = std::get_if<int64_t>(&attribute.value)) view.value = *number;
    else view.value = std::get<bool>(attribute.value);
  }
  return out;
}

SpanView view_of(const Span& span, std::vector<AttributeView>& attributes) {
  SpanView view;
  static_cast<SpanHead&>(view) = span;
  view.name = span.name;
  view.error = span.error;
  view.status_message = span.status_message;
  view.attributes = views_of(span.attributes, attributes);
  view.links = span.links;
  return view;
}

namespace {
// A text written over a slot that held one keeps the slot's buffer.
void assign_value(AttributeValue& slot, const AttributeValueView& value) {
  if (const auto* text = std::get_if<std::string_view>(&value)) {
    if (auto* held = std::get_if<std::string>(&slot)) held->assign(*text);
    else slot.emplace<std::string>(*text);
  } else if (const auto* number = std::get_if<int64_t>(&value)) {
    slot = *number;
  } else {
    slot = std::get<bool>(value);
  }
}
}  // namespace

void assign_span(Span& out, const SpanView& view) {
  static_cast<SpanHead&>(out) = view;
  out.name.assign(view.name);
  out.error = view.error;
  out.status_message.assign(view.status_message);
  if (out.attributes.size() > view.attributes.size()) out.attributes.resize(view.attributes.size());
  for (size_t i = 0; i < view.attributes.size(); ++i) {
    if (i == out.attributes.size()) out.attributes.emplace_back();
    out.attributes[i].key = view.attributes[i].key;
    assign_value(out.attributes[i].value, view.attributes[i].value);
  }
  out.links.assign(view.links.begin(), view.links.end());
}

void SpanSink::on_span_view(const SpanView& span, const Resource& resource) {
  assign_span(copy_, span);
  on_span(copy_, resource);
}

}  // namespace kspan
