#include "pruned_parser.hpp"

#include <vector>

namespace kspan {

namespace {

using json = nlohmann::json;

// What a container is, which decides which of its children are kept.
enum class Node {
  Root,         // the record
  Envelope,     // "object" of a watch envelope: a record again
  Reference,    // involvedObject, regarding, related, source, deprecatedSource, series
  Metadata,
  Annotations,  // only topLevelSpan is read
  OwnerReferences,
  OwnerReference,
  ManagedFields,
  ManagedField,
  FieldSet,     // fieldsV1: only which top-level fields it touches
  Everything,   // a List's items: kept whole, decoded one by one
  Placeholder,  // kept empty
};

bool is_reference(const std::string& key) {
  return key == "involvedObject" || key == "regarding" || key == "related" || key == "source" ||
         key == "deprecatedSource" || key == "series";
}

Node child_of(Node parent, const std::string& key) {
  switch (parent) {
    case Node::Root:
    case Node::Envelope:
      if (is_reference(key)) return Node::Reference;
      if (key == "metadata") return Node::Metadata;
      if (key == "object" && parent == Node::Root) return Node::Envelope;
      if (key == "items" && parent == Node::Root) return Node::Everything;
      return Node::Placeholder;
    case Node::Metadata:
      if (key == "annotations") return Node::Annotations;
      if (key == "ownerReferences") return Node::OwnerReferences;
      if (key == "managedFields") return Node::ManagedFields;
      return Node::Placeholder;
    case Node::OwnerReferences: return Node::OwnerReference;
    case Node::ManagedFields: return Node::ManagedField;
    case Node::ManagedField: return key == "fieldsV1" ? Node::FieldSet : Node::Placeholder;
    case Node::Everything: return Node::Everything;
    default: return Node::Placeholder;
  }
}

bool keeps_scalar(Node parent, const std::string& key) {
  switch (parent) {
    case Node::Annotations: return key == "topLevelSpan";
    case Node::FieldSet:
    case Node::Placeholder: return false;
    default: return true;
  }
}

class PrunedBuilder : public json::json_sax_t {
 public:
  explicit PrunedBuilder(json& root) : root_(root) {}
  std::string error;

  bool null() override { return scalar(json(nullptr)); }
  bool boolean(bool value) override { return scalar(json(value)); }
  bool number_integer(number_integer_t value) override { return scalar(json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return scalar(json(value)); }
  bool number_float(number_float_t value, const string_t&) override { return scalar(json(value)); }
  bool string(string_t& value) override { return scalar(json(std::move(value))); }
  bool binary(binary_t&) override { return scalar(json(nullptr)); }
  bool key(string_t& key) override {
    if (skip_depth_ == 0) key_ = key;
    return true;
  }
  bool start_object(std::size_t) override { return start(json::value_t::object); }
  bool start_array(std::size_t) override { return start(json::value_t::array); }
  bool end_object() override { return end(); }
  bool end_array() override { return end(); }
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception&) override {
    std::string token = last_token.substr(0, 32);
    for (char& c : token)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    error = "invalid JSON at byte " + std::to_string(position) + " of the record, near '" + token + "'";
    return false;
  }

 private:
  struct Frame {
    json* value;
    Node node;
  };

  // Where a child goes: appended to an array, or under the last key of an object.
  json* place(json&& value) {
    json& parent = *stack_.back().value;
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  bool scalar(json&& value) {
    if (skip_depth_ > 0) return true;
    if (stack_.empty()) {
      root_ = std::move(value);
      return true;
    }
    if (keeps_scalar(stack_.back().node, key_)) place(std::move(value));
    return true;
  }

  bool start(json::value_t type) {
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (stack_.empty()) {
      root_ = json(type);
      stack_.push_back({&root_, Node::Root});
      return true;
    }
    const Node node = child_of(stack_.back().node, key_);
    json* value = place(json(type));
    if (node == Node::Placeholder) {
      skip_depth_ = 1;
      return true;
    }
    stack_.push_back({value, node});
    return true;
  }

  bool end() {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    stack_.pop_back();
    return true;
  }

  json& root_;
  std::vector<Frame> stack_;
  std::string key_;
  int skip_depth_ = 0;
};

}  // namespace

bool parse_pruned(std::string_view text, json& out, std::string& error) {
  PrunedBuilder builder(out);
  if (json::sax_parse(text, &builder, json::input_format_t::json, true)) return true;
  error = builder.error.empty() ? "invalid JSON" : builder.error;
  return false;
}

}  // namespace kspan
