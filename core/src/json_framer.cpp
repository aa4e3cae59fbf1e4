#include "json_framer.hpp"

#include <algorithm>
#include <utility>

#include "byte_scan.hpp"

namespace kspan {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string printable(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string("'") + c + "'";
  static const char kDigits[] = "0123456789abcdef";
  return std::string("byte 0x") + kDigits[byte >> 4] + kDigits[byte & 0xf];
}
}  // namespace

JsonFramer::JsonFramer(RecordHandler on_record, FramingErrorHandler on_error, FramingLimits limits,
                       RecordProbe probe)
    : on_record_(std::move(on_record)), on_error_(std::move(on_error)), limits_(limits), probe_(std::move(probe)) {}

// A List item or array element starts at data[i]: offered to the probe, which takes it whole
// when it can. The framer then stands where its own scan would have ended: after the closing
// brace, at element depth, with the record's lines counted.
size_t JsonFramer::take_probed_record(const char* data, size_t i, size_t size) {
  const size_t available = std::min(size - i, limits_.max_record_bytes);
  const size_t taken = probe_(RawRecord{std::string_view(data + i, available), line_, offset_});
  if (taken == 0) return 0;
  line_ += count_byte<'\n'>(data + i, taken);
  previous_was_newline_ = false;  // the record ends with '}'
  after_items_colon_ = false;
  return taken;
}

void JsonFramer::fail_here(const char* reason, std::string detail) {
  on_error_(FramingError{reason, line_, offset_, std::move(detail)});
}

void JsonFramer::push(std::string_view bytes) {
  const char* data = bytes.data();
  const size_t size = bytes.size();
  size_t segment = 0;  // where the buffered record's bytes start in this chunk
  for (size_t i = 0; i < size; ++i, ++offset_) {
    if (where_ == Where::InValue) {
      // Most bytes of a record change nothing the framer tracks: skip them in one go.
      const size_t next = is_deep() ? scan_deep(data, i, size) : skip_plain_bytes(data, i, size);
      if (next != i) {
        offset_ += next - i;
        previous_was_newline_ = data[next - 1] == '\n';
        i = next;
        if (i == size) break;
      }
    }
    const char c = data[i];
    at_line_start_ = previous_was_newline_;
    previous_was_newline_ = c == '\n';
    if (c == '\n') ++line_;
    switch (where_) {
      case Where::SkipLine:
        if (c == '\n') where_ = Where::Between;
        break;
      case Where::Between:
        if (is_space(c)) break;
        if (offset_ < 3 && (static_cast<unsigned char>(c) == 0xef || static_cast<unsigned char>(c) == 0xbb ||
                            static_cast<unsigned char>(c) == 0xbf))
          break;  // a UTF-8 byte order mark
        if (c == '{' || c == '[') {
          start_value(c);
          segment = i;
        } else {
          fail_here("invalid-json", "unexpected " + printable(c) + " where a JSON object or array should start");
          where_ = c == '\n' ? Where::Between : Where::SkipLine;
        }
        break;
      case Where::InValue: {
        if (c == '{' && at_line_start_ && breaks_top_object()) {
          // `{` at the start of a line inside an unfinished top-level object: pretty-printed
          // JSON indents nested values, so the object was cut short and this starts the next.
          // Reported where that object starts: in a List, the record last buffered is an item,
          // and which items were buffered rather than parsed in place depends on the chunks.
          on_error_(FramingError{"invalid-json", value_line_, value_offset_,
                                 "a record that does not end; line " + std::to_string(line_) + " starts the next one"});
          buffering_ = false;
          buffer_.clear();
          start_value(c);
          segment = i;
          break;
        }
        if (c == '{' && probe_ && !in_string_ && depth_ == element_depth_ && !buffering_) {
          if (const size_t taken = take_probed_record(data, i, size); taken > 0) {
            i += taken - 1;  // the loop's own step moves past the record's last byte
            offset_ += taken - 1;
            break;
          }
        }
        const bool was_buffering = buffering_;
        on_byte_in_value(c);
        if (!was_buffering && buffering_) segment = i;
        if (record_done_) {
          record_done_ = false;
          // Size from offsets, not from what was buffered: once a record is known too deep its
          // bytes are no longer kept, and which limit it breaks must not depend on the chunks.
          if (offset_ + 1 - record_offset_ > limits_.max_record_bytes) oversize_ = true;
          if (!oversize_ && !too_deep_) {
            std::string_view text;
            if (buffer_.empty()) {
              text = std::string_view(data + segment, i + 1 - segment);
            } else {
              buffer_.append(data + segment, i + 1 - segment);
              text = buffer_;
            }
            on_record_(RawRecord{text, record_line_, record_offset_});
          }
          emit_or_drop();
        } else if (dropped_top_) {
          dropped_top_ = false;
          buffer_.clear();
        }
        break;
      }
    }
  }
  if (buffering_ && !oversize_ && !too_deep_) {
    buffer_.append(data + segment, size - segment);
    if (buffer_.size() > limits_.max_record_bytes) {
      oversize_ = true;
      buffer_.clear();
      buffer_.shrink_to_fit();
    }
  }
}

namespace {
// Bytes that matter inside a string, and outside one.
struct StopTables {
  bool in_string[256] = {};
  bool in_value[256] = {};
  StopTables() {
    for (unsigned char c : {'"', '\\', '\n'}) in_string[c] = true;
    for (unsigned char c : {'"', '{', '}', '[', ']', ',', ':', '\n'}) in_value[c] = true;
  }
};
const StopTables kStops;
}  // namespace

size_t JsonFramer::skip_plain_bytes(const char* data, size_t i, size_t size) const {
  if (escape_ || capturing_key_) return i;
  if (in_string_) {
    while (i < size && !kStops.in_string[static_cast<unsigned char>(data[i])]) ++i;
    return i;
  }
  if (depth_ == element_depth_) return i;  // a scalar list element must be seen
  while (i < size && !kStops.in_value[static_cast<unsigned char>(data[i])]) ++i;
  return i;
}

bool JsonFramer::is_deep() const { return depth_ >= 2 && depth_ > element_depth_ && !capturing_key_; }

// Inside a record below every level the framer tracks (keys of the top object, List items),
// only brackets, strings and lines matter. This loop handles them without the general state
// machine; it stops before any byte that the general path must see: a bracket that closes back
// to a tracked level, or a `{` that may start the next record of a broken top-level object.
size_t JsonFramer::scan_deep(const char* data, size_t i, size_t size) {
  const int shallowest = std::max(element_depth_, 1) + 1;
  const bool line_start_matters = top_is_object_ && element_depth_ != 2;
  while (i < size) {
    if (escape_) {
      escape_ = false;
      if (data[i] == '\n') ++line_;
      ++i;
      continue;
    }
    if (in_string_) {
      i = find_any<'"', '\\', '\n'>(data, i, size);
      if (i == size) break;
      const char c = data[i++];
      if (c == '"') in_string_ = false;
      else if (c == '\\') escape_ = true;
      else ++line_;  // '\n'
      continue;
    }
    i = find_any<'"', '{', '}', '[', ']', '\n'>(data, i, size);
    if (i == size) break;
    const char c = data[i];
    switch (c) {
      case '"': in_string_ = true; break;
      case '\n': ++line_; break;
      case '{':
      case '[':
        if (c == '{' && line_start_matters && (i > 0 ? data[i - 1] == '\n' : previous_was_newline_)) return i;
        ++depth_;
        if (buffering_ && depth_ - record_depth_ > limits_.max_depth) too_deep_ = true;
        break;
      default:  // '}' or ']'
        if (depth_ - 1 < shallowest || depth_ - 1 == record_depth_) return i;
        --depth_;
        break;
    }
    ++i;
  }
  return i;
}

bool JsonFramer::breaks_top_object() const {
  return top_is_object_ && !in_string_ && depth_ >= 1 && element_depth_ != 2;
}

void JsonFramer::start_value(char c) {
  where_ = Where::InValue;
  depth_ = 1;
  in_string_ = escape_ = false;
  top_is_object_ = c == '{';
  expect_key_ = top_is_object_;
  capturing_key_ = key_is_items_ = after_items_colon_ = false;
  scalar_element_ = false;
  value_line_ = line_;
  value_offset_ = offset_;
  element_depth_ = top_is_object_ ? 0 : 1;
  if (top_is_object_) begin_record();
}

void JsonFramer::begin_record() {
  buffering_ = true;
  oversize_ = too_deep_ = false;
  record_depth_ = depth_ - 1;
  record_line_ = line_;
  record_offset_ = offset_;
  buffer_.clear();
}

void JsonFramer::on_byte_in_value(char c) {
  if (in_string_) {
    if (escape_) {
      escape_ = false;
    } else if (c == '\\') {
      escape_ = true;
    } else if (c == '"') {
      in_string_ = false;
      if (capturing_key_) {
        capturing_key_ = false;
        key_is_items_ = key_ == "items";
      }
    } else if (capturing_key_ && key_.size() < 8) {
      key_ += c;
    }
    return;
  }
  switch (c) {
    case '"':
      in_string_ = true;
      if (depth_ == 1 && top_is_object_ && expect_key_) {
        capturing_key_ = true;
        expect_key_ = false;
        key_.clear();
      } else if (depth_ == element_depth_) {
        scalar_element_ = true;
      }
      return;
    case ':':
      if (depth_ == 1 && top_is_object_) after_items_colon_ = key_is_items_;
      return;
    case ',':
      if (depth_ == 1 && top_is_object_) {
        expect_key_ = true;
        key_is_items_ = after_items_colon_ = false;
      }
      if (depth_ == element_depth_) report_scalar_element();
      return;
    case '{':
    case '[':
      if (depth_ == 1 && after_items_colon_ && c == '[' && element_depth_ != 2) {
        // A List: its items are the records; the envelope around them is not kept.
        element_depth_ = 2;
        buffering_ = false;
        dropped_top_ = true;
      }
      after_items_colon_ = false;
      if (depth_ == element_depth_ && !buffering_) {
        ++depth_;
        begin_record();
        return;
      }
      ++depth_;
      if (buffering_ && depth_ - record_depth_ > limits_.max_depth) too_deep_ = true;
      return;
    case '}':
    case ']':
      if (depth_ == element_depth_ && c == ']') report_scalar_element();
      --depth_;
      after_items_colon_ = false;
      if (buffering_ && depth_ == record_depth_) record_done_ = true;
      if (depth_ <= 0) {
        where_ = Where::Between;
        if (!record_done_) finish_top_value();
      }
      if (element_depth_ == 2 && depth_ == 1) element_depth_ = -1;  // the items array closed
      return;
    default:
      if (depth_ == element_depth_ && !is_space(c)) scalar_element_ = true;
      return;
  }
}

void JsonFramer::report_scalar_element() {
  if (!scalar_element_) return;
  scalar_element_ = false;
  fail_here("not-an-object", "a list element that is not a JSON object");
}

void JsonFramer::emit_or_drop() {
  if (oversize_)
    on_error_(FramingError{"record-too-large", record_line_, record_offset_,
                           "a record larger than " + std::to_string(limits_.max_record_bytes >> 20) + " MiB"});
  else if (too_deep_)
    on_error_(FramingError{"too-deep", record_line_, record_offset_,
                           "nesting deeper than " + std::to_string(limits_.max_depth) + " levels"});
  buffering_ = oversize_ = too_deep_ = false;
  buffer_.clear();
  if (buffer_.capacity() > (1u << 20)) buffer_.shrink_to_fit();
  if (depth_ <= 0) finish_top_value();
}

void JsonFramer::finish_top_value() {
  where_ = Where::Between;
  depth_ = 0;
  element_depth_ = -1;
}

void JsonFramer::finish() {
  if (where_ != Where::InValue) return;
  // The record being buffered, else the top-level value (a List or array between its items).
  const uint64_t line = buffering_ ? record_line_ : value_line_;
  const uint64_t offset = buffering_ ? record_offset_ : value_offset_;
  on_error_(FramingError{"truncated", line, offset, "the input ends inside a record that starts here"});
  buffering_ = false;
  buffer_.clear();
  finish_top_value();
}

}  // namespace kspan
