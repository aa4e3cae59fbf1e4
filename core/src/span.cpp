#include "kspan/span.hpp"

namespace kspan {

const AttributeValue* find_attribute(const std::vector<Attribute>& attributes, const std::string& key) {
  for (const auto& attribute : attributes)
    if (attribute.key == key) return &attribute.value;
  return nullptr;
}

std::string attribute_string(const std::vector<Attribute>& attributes, const std::string& key) {
  const AttributeValue* value = find_attribute(attributes, key);
  if (value == nullptr) return {};
  if (const auto* text = std::get_if<std::string>(value)) return *text;
  if (const auto* number = std::get_if<int64_t>(value)) return std::to_string(*number);
  return std::get<bool>(*value) ? "true" : "false";
}

}  // namespace kspan
