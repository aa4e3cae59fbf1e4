#include "pruned_parser.hpp"

#include <algorithm>

#include "byte_scan.hpp"
#include "json_text.hpp"

namespace kspan {

namespace {

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
  Everything,   // a List's items, or a record that is no object: kept whole
  Placeholder,  // kept empty
};

bool is_reference(std::string_view key) {
  return key == "involvedObject" || key == "regarding" || key == "related" || key == "source" ||
         key == "deprecatedSource" || key == "series";
}

Node child_of(Node parent, std::string_view key) {
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

bool keeps_scalar(Node parent, std::string_view key) {
  switch (parent) {
    case Node::Annotations: return key == "topLevelSpan";
    case Node::FieldSet:
    case Node::Placeholder: return false;
    default: return true;
  }
}

constexpr int kMaxDepth = 256;

// A recursive-descent parser that builds only the kept parts and skips the rest by
// bracket matching, which is much cheaper than lexing every token of a Pod's spec.
// Skipped values are not validated: kspan never reads them.
class LazyParser {
 public:
  LazyParser(std::string_view text, RecordDocument& document)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), document_(document) {
    document_.reset(text.size());
  }
  // A prefix of `text` is the record: strict, and bounded in depth and in unescaped bytes (the
  // text runs on to the end of the framer's chunk, so its size does not bound the record's).
  LazyParser(std::string_view text, RecordDocument& document, int max_depth)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), document_(document),
        prefix_(true), max_depth_(max_depth) {
    document_.reset(std::min(text.size(), kPrefixUnescapedBytes));
  }

  size_t parse_prefix() {
    uint32_t index;
    if (p_ >= end_ || *p_ != '{' || !value(Node::Root, 0, {}, index)) return 0;
    return static_cast<size_t>(p_ - begin_);
  }

  bool parse(ParseScope scope) {
    skip_space();
    const bool object = p_ < end_ && *p_ == '{';
    const Node root = scope == ParseScope::Pruned && object ? Node::Root : Node::Everything;
    uint32_t index;
    if (!value(root, 0, {}, index)) return false;
    skip_space();
    return p_ == end_ || fail("text after the record");
  }

  std::string error;

 private:
  static constexpr uint32_t kNone = RecordDocument::kNone;
  static constexpr size_t kPrefixUnescapedBytes = 64 * 1024;

  // Containers nest `depth` levels below the record's own object (parser depth 0 is level 1).
  bool within_depth(int depth) { return !prefix_ || depth + 1 <= max_depth_ || fail("nesting too deep"); }
  // Decoded text may not move: past the reserved room, a prefix parse gives up.
  bool room_for(size_t bytes) {
    return !prefix_ || document_.unescaped().size() + bytes <= document_.unescaped().capacity() ||
           fail("escaped strings beyond the reserved room");
  }

  bool fail(const char* what) {
    if (error.empty()) {
      std::string near(p_, std::min<size_t>(24, static_cast<size_t>(end_ - p_)));
      for (char& c : near)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
      error = "invalid JSON at byte " + std::to_string(p_ - begin_) + " of the record (" + what + "), near '" + near + "'";
    }
    return false;
  }

  void skip_space() {
    // Most calls stop at once or after one space (": "); indentation takes the block scan.
    if (p_ < end_ && *p_ == ' ') ++p_;
    if (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
      p_ = begin_ + skip_json_space(begin_, static_cast<size_t>(p_ - begin_), static_cast<size_t>(end_ - begin_));
  }

  bool expect(char c, const char* what) {
    skip_space();
    if (p_ >= end_ || *p_ != c) return fail(what);
    ++p_;
    return true;
  }

  // Appends a child to a container, keeping the children in order.
  void link(uint32_t parent, uint32_t& last, uint32_t child) {
    if (last == kNone) document_.at(parent).first_child = child;
    else document_.at(last).next_sibling = child;
    last = child;
  }

  bool value(Node node, int depth, std::string_view key, uint32_t& index) {
    skip_space();
    if (p_ >= end_) return fail("the record ends early");
    if (depth > kMaxDepth) return fail("nesting too deep");
    switch (*p_) {
      case '{': return object(node, depth, key, index);
      case '[': return array(node, depth, key, index);
      case '"': {
        std::string_view text;
        if (!string(text)) return false;
        index = document_.add(JsonType::String, key);
        document_.at(index).text = text;
        return true;
      }
      default: return scalar(key, index);
    }
  }

  bool object(Node node, int depth, std::string_view key, uint32_t& index) {
    if (!within_depth(depth)) return false;
    ++p_;
    index = document_.add(JsonType::Object, key);
    skip_space();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    uint32_t last = kNone;
    for (;;) {
      skip_space();
      if (p_ >= end_ || *p_ != '"') return fail("a key should start here");
      std::string_view member_key;
      if (!string(member_key) || !expect(':', "':' should follow a key")) return false;
      skip_space();
      if (p_ >= end_) return fail("the record ends early");
      if (!member(index, last, node, member_key, depth)) return false;
      skip_space();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      return expect('}', "',' or '}' should follow a value");
    }
  }

  bool member(uint32_t parent, uint32_t& last, Node node, std::string_view key, int depth) {
    const char c = *p_;
    uint32_t child;
    if (c == '{' || c == '[') {
      const Node kind = child_of(node, key);
      if (kind == Node::Placeholder) {
        link(parent, last, document_.add(c == '{' ? JsonType::Object : JsonType::Array, key));
        return skip_value(depth + 1);
      }
      if (!value(kind, depth + 1, key, child)) return false;
      link(parent, last, child);
      return true;
    }
    if (!keeps_scalar(node, key)) return skip_value(depth + 1);
    if (!value(node, depth + 1, key, child)) return false;
    link(parent, last, child);
    return true;
  }

  bool array(Node node, int depth, std::string_view key, uint32_t& index) {
    if (!within_depth(depth)) return false;
    ++p_;
    index = document_.add(JsonType::Array, key);
    skip_space();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    uint32_t last = kNone;
    for (;;) {
      skip_space();
      if (p_ >= end_) return fail("the record ends early");
      uint32_t child;
      if (!value(child_of(node, ""), depth + 1, {}, child)) return false;
      link(index, last, child);
      skip_space();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      return expect(']', "',' or ']' should follow a value");
    }
  }

  // A string with its escapes decoded; invalid UTF-8 fails, as in any JSON parser. Without
  // escapes (nearly always) the text is a view of the record; with them, of the document's buffer.
  bool string(std::string_view& out) {
    ++p_;
    bool non_ascii = false;
    const char* start = p_;
    scan_plain(non_ascii);
    if (p_ < end_ && *p_ == '"') {
      out = std::string_view(start, static_cast<size_t>(p_ - start));
      ++p_;
      return !non_ascii || is_valid_utf8(out) || fail("a string that is not UTF-8");
    }
    std::string& buffer = document_.unescaped();
    const size_t from = buffer.size();
    if (!room_for(static_cast<size_t>(p_ - start))) return false;
    buffer.append(start, p_);
    for (;;) {
      if (p_ >= end_) return fail("a string does not end");
      if (*p_ == '"') break;
      if (*p_ != '\\') return fail("a control character in a string");
      if (!room_for(4) || !escape(buffer)) return false;
      const char* run = p_;
      scan_plain(non_ascii);
      if (!room_for(static_cast<size_t>(p_ - run))) return false;
      buffer.append(run, p_);
    }
    ++p_;
    out = std::string_view(buffer).substr(from);
    return !non_ascii || is_valid_utf8(out) || fail("a string that is not UTF-8");
  }

  // Moves past bytes that need no decoding: up to a quote, a backslash or a control character.
  void scan_plain(bool& non_ascii) {
    const auto at = [this] { return static_cast<size_t>(p_ - begin_); };
    const auto size = static_cast<size_t>(end_ - begin_);
    if (!non_ascii) {
      p_ = begin_ + find_string_stop<true>(begin_, at(), size);
      if (p_ == end_ || static_cast<unsigned char>(*p_) < 0x80) return;
      non_ascii = true;  // checked as UTF-8 once the string is read
    }
    p_ = begin_ + find_string_stop<false>(begin_, at(), size);
  }

  bool escape(std::string& out) {
    if (++p_ >= end_) return fail("a string does not end");
    const char c = *p_++;
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': return unicode_escape(out);
      default: --p_; return fail("an unknown escape");
    }
  }

  bool hex4(uint32_t& code) {
    if (end_ - p_ < 4) return fail("a short \\u escape");
    code = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      const char c = *p_;
      code <<= 4;
      if (c >= '0' && c <= '9') code |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') code |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') code |= static_cast<uint32_t>(c - 'A' + 10);
      else return fail("a bad \\u escape");
    }
    return true;
  }

  bool unicode_escape(std::string& out) {
    uint32_t code;
    if (!hex4(code)) return false;
    if (code >= 0xd800 && code <= 0xdbff) {
      uint32_t low;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return fail("a lone surrogate");
      p_ += 2;
      if (!hex4(low) || low < 0xdc00 || low > 0xdfff) return fail("a lone surrogate");
      code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return fail("a lone surrogate");
    }
    append_utf8(out, code);
    return true;
  }

  static void append_utf8(std::string& out, uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xc0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xe0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    }
  }

  bool literal(const char* word, size_t length) {
    if (static_cast<size_t>(end_ - p_) < length || std::string_view(p_, length) != std::string_view(word, length))
      return fail("not a JSON value");
    p_ += length;
    return true;
  }

  bool scalar(std::string_view key, uint32_t& index) {
    switch (*p_) {
      case 't': return boolean(key, true, index) && literal("true", 4);
      case 'f': return boolean(key, false, index) && literal("false", 5);
      case 'n': index = document_.add(JsonType::Null, key); return literal("null", 4);
      default: return number(key, index);
    }
  }

  bool boolean(std::string_view key, bool value, uint32_t& index) {
    index = document_.add(JsonType::Bool, key);
    document_.at(index).integer = value ? 1 : 0;
    return true;
  }

  // Integers that fit int64 are Integer; any other number is Number, kept as its text.
  bool number(std::string_view key, uint32_t& index) {
    const char* start = p_;
    const bool negative = p_ < end_ && *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    uint64_t magnitude = 0;
    bool fits = true;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
      const auto digit = static_cast<uint64_t>(*p_ - '0');
      if (magnitude > (UINT64_MAX - digit) / 10) fits = false;
      else magnitude = magnitude * 10 + digit;
      ++p_;
    }
    if (p_ == digits || (*digits == '0' && p_ - digits > 1)) return fail("not a JSON value");
    bool integral = true;
    if (p_ < end_ && *p_ == '.') {
      integral = false;
      const char* fraction = ++p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      if (p_ == fraction) return fail("a number without digits after '.'");
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      const char* exponent = p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      if (p_ == exponent) return fail("a number without an exponent");
    }
    const uint64_t limit = negative ? uint64_t{1} << 63 : static_cast<uint64_t>(INT64_MAX);
    const bool is_integer = integral && fits && magnitude <= limit;
    index = document_.add(is_integer ? JsonType::Integer : JsonType::Number, key);
    RecordDocument::Node& node = document_.at(index);
    node.text = std::string_view(start, static_cast<size_t>(p_ - start));
    if (is_integer) node.integer = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    return true;
  }

  // Skips one value of any kind, at parser depth `at_depth`, without building it.
  bool skip_value(int at_depth) {
    skip_space();
    if (p_ >= end_) return fail("the record ends early");
    const char c = *p_;
    if (c == '"') return skip_string();
    if (c != '{' && c != '[') {
      const char* start = p_;
      while (p_ < end_ && *p_ != ',' && *p_ != '}' && *p_ != ']' && *p_ != ' ' && *p_ != '\n' && *p_ != '\r' &&
             *p_ != '\t') {
        // The framer would see a string or a container start here: not the same record.
        if (prefix_ && (*p_ == '"' || *p_ == '{' || *p_ == '[')) return fail("not a JSON value");
        ++p_;
      }
      return p_ != start || fail("a value is missing");
    }
    int depth = 0;
    while (p_ < end_) {
      p_ = skip_to<'"', '{', '}', '[', ']'>();
      if (p_ == end_) break;
      const unsigned char b = static_cast<unsigned char>(*p_);
      if (b == '"') {
        if (!skip_string()) return false;
        continue;
      }
      ++p_;
      if (b == '{' || b == '[') {
        if (!within_depth(at_depth + depth)) return false;
        ++depth;
      } else if (--depth == 0) {
        return true;
      }
    }
    return fail("the record ends inside a value");
  }

  bool skip_string() {
    ++p_;
    while (p_ < end_) {
      p_ = skip_to<'"', '\\'>();
      if (p_ == end_) break;
      const char c = *p_++;
      if (c == '"') return true;
      if (p_ >= end_) break;  // a backslash: the next byte is escaped
      ++p_;
    }
    return fail("a string does not end");
  }

  template <char... Stops>
  const char* skip_to() const {
    return begin_ + find_any<Stops...>(begin_, static_cast<size_t>(p_ - begin_), static_cast<size_t>(end_ - begin_));
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  RecordDocument& document_;
  bool prefix_ = false;
  int max_depth_ = 0;
};

}  // namespace

size_t parse_record_prefix(std::string_view text, int max_depth, RecordDocument& document) {
  LazyParser parser(text, document, max_depth);
  return parser.parse_prefix();
}

bool parse_record(std::string_view text, ParseScope scope, RecordDocument& document, std::string& error) {
  LazyParser parser(text, document);
  if (parser.parse(scope)) return true;
  error = parser.error;
  return false;
}

}  // namespace kspan
