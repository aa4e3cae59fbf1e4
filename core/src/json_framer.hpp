// Splits a JSON byte stream (one value, concatenated values, JSON lines, a List or a bare
// array) into records without parsing them, carrying partial records across chunks.
// A List's items and a bare array's elements are records of their own, so memory follows
// one record, not the whole document.
#pragma once
#include <string>

#include "record.hpp"

namespace kspan {

// Offered a record's text from its first byte to the end of what the framer holds (at most
// max_record_bytes): parses and handles the record if it is all there, and returns how many bytes
// it took, else 0 and the framer frames it as usual. Parsing while framing reads each byte of a
// List item once instead of twice (framer, then parser).
using RecordProbe = std::function<size_t(const RawRecord&)>;

class JsonFramer {
 public:
  JsonFramer(RecordHandler on_record, FramingErrorHandler on_error, FramingLimits limits = {},
             RecordProbe probe = nullptr);
  void push(std::string_view bytes);
  void finish();  // reports a truncated record, if any

 private:
  enum class Where { Between, InValue, SkipLine };
  bool breaks_top_object() const;
  size_t skip_plain_bytes(const char* data, size_t i, size_t size) const;
  bool is_deep() const;
  size_t scan_deep(const char* data, size_t i, size_t size);
  void start_value(char c);
  void begin_record();
  void on_byte_in_value(char c);
  void report_scalar_element();
  void emit_or_drop();
  void finish_top_value();
  void fail_here(const char* reason, std::string detail);

  size_t take_probed_record(const char* data, size_t i, size_t size);

  RecordHandler on_record_;
  FramingErrorHandler on_error_;
  FramingLimits limits_;
  RecordProbe probe_;

  Where where_ = Where::Between;
  uint64_t line_ = 1;
  uint64_t offset_ = 0;  // offset of the byte being scanned

  // The value being scanned.
  int depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
  int element_depth_ = -1;    // depth at which records start (1: bare array, 2: List items)
  bool top_is_object_ = false;
  bool expect_key_ = false;   // at depth 1 of a top-level object, the next string is a key
  bool key_is_items_ = false;
  std::string key_;
  bool after_items_colon_ = false;
  bool capturing_key_ = false;
  bool scalar_element_ = false;
  bool record_done_ = false;
  bool dropped_top_ = false;
  bool previous_was_newline_ = true;
  bool at_line_start_ = true;

  // The record being buffered.
  bool buffering_ = false;
  bool oversize_ = false;
  bool too_deep_ = false;
  int record_depth_ = 0;  // depth at which the buffered record started
  std::string buffer_;
  uint64_t record_line_ = 0;
  uint64_t record_offset_ = 0;
  uint64_t value_line_ = 0;  // start of the top-level value
  uint64_t value_offset_ = 0;
};

}  // namespace kspan
