// The parsed form of one record: a read-only tree of JSON values whose strings are views into
// the record's text (or into the document's own buffer when they held escapes). Nodes live in
// one vector that the next record reuses, so decoding a record allocates nothing here.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kspan {

enum class JsonType : uint8_t { Null, Bool, Integer, Number, String, Object, Array };

class RecordDocument;

// One value of a RecordDocument; a default-constructed view is "absent".
class JsonView {
 public:
  JsonView() = default;
  JsonView(const RecordDocument* document, uint32_t index) : document_(document), index_(index) {}

  bool present() const { return document_ != nullptr; }
  JsonType type() const;
  bool is(JsonType type) const { return present() && this->type() == type; }
  bool is_object() const { return is(JsonType::Object); }
  bool is_array() const { return is(JsonType::Array); }
  bool is_string() const { return is(JsonType::String); }
  std::string_view text() const;  // a string's decoded text, empty for other types
  int64_t integer() const;        // an Integer's value (also Bool: 0 or 1)

  // An object's member; a JSON null counts as absent. With repeated keys the last wins,
  // as in every DOM parser that maps keys to values.
  JsonView member(std::string_view key) const;
  bool has(std::string_view key) const { return member(key).present(); }

  // Children of an object or array, in order.
  class Iterator {
   public:
    Iterator(const RecordDocument* document, uint32_t index) : document_(document), index_(index) {}
    JsonView operator*() const { return JsonView(document_, index_); }
    Iterator& operator++();
    bool operator!=(const Iterator& other) const { return index_ != other.index_; }

   private:
    const RecordDocument* document_;
    uint32_t index_;
  };
  Iterator begin() const;
  Iterator end() const;
  std::string_view key() const;  // the member name when this value sits in an object

 private:
  const RecordDocument* document_ = nullptr;
  uint32_t index_ = 0;
};

class RecordDocument {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Node {
    JsonType type = JsonType::Null;
    std::string_view key;
    std::string_view text;  // String
    int64_t integer = 0;    // Integer, Bool
    uint32_t first_child = kNone;
    uint32_t next_sibling = kNone;
  };

  // Forget the previous record; `text_bytes` bounds what escaped strings can need.
  void reset(size_t text_bytes) {
    nodes_.clear();
    unescaped_.clear();
    if (unescaped_.capacity() < text_bytes) unescaped_.reserve(text_bytes);
  }
  JsonView root() const { return nodes_.empty() ? JsonView() : JsonView(this, 0); }
  const Node& node(uint32_t index) const { return nodes_[index]; }

  // Building, for the parser.
  uint32_t add(JsonType type, std::string_view key) {
    nodes_.push_back(Node{type, key, {}, 0, kNone, kNone});
    return static_cast<uint32_t>(nodes_.size() - 1);
  }
  Node& at(uint32_t index) { return nodes_[index]; }
  // Decoded text must not move while the record is read: reset() reserved room for it
  // (unescaping never makes a string longer than its JSON text).
  std::string& unescaped() { return unescaped_; }

 private:
  std::vector<Node> nodes_;
  std::string unescaped_;
};

inline JsonType JsonView::type() const { return document_->node(index_).type; }
inline std::string_view JsonView::text() const { return is_string() ? document_->node(index_).text : std::string_view(); }
inline int64_t JsonView::integer() const { return present() ? document_->node(index_).integer : 0; }
inline std::string_view JsonView::key() const { return present() ? document_->node(index_).key : std::string_view(); }

inline JsonView::Iterator JsonView::begin() const {
  const bool container = is_object() || is_array();
  return Iterator(document_, container ? document_->node(index_).first_child : RecordDocument::kNone);
}
inline JsonView::Iterator JsonView::end() const { return Iterator(document_, RecordDocument::kNone); }
inline JsonView::Iterator& JsonView::Iterator::operator++() {
  index_ = document_->node(index_).next_sibling;
  return *this;
}

// Decoding looks up about thirty members per Event, each a walk over the object's keys: most
// keys differ in length or first byte, so those are compared before the bytes.
inline JsonView JsonView::member(std::string_view key) const {
  if (!is_object()) return {};
  uint32_t found = RecordDocument::kNone;
  for (uint32_t i = document_->node(index_).first_child; i != RecordDocument::kNone; i = document_->node(i).next_sibling) {
    const std::string_view name = document_->node(i).key;
    if (name.size() == key.size() && (key.empty() || name[0] == key[0]) && name == key) found = i;
  }
  if (found == RecordDocument::kNone || document_->node(found).type == JsonType::Null) return {};
  return JsonView(document_, found);
}

}  // namespace kspan
