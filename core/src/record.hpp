// A framed record: the text of one JSON value and where it was found.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace kspan {

struct RawRecord {
  std::string_view text;
  uint64_t line = 0;    // 1-based line of the record's first byte
  uint64_t offset = 0;  // byte offset of the record's first byte
};

// Framing problems: reason (a counter name), line, offset, detail.
struct FramingError {
  const char* reason;
  uint64_t line;
  uint64_t offset;
  std::string detail;
};

using RecordHandler = std::function<void(const RawRecord&)>;
using FramingErrorHandler = std::function<void(const FramingError&)>;

// Limits that keep memory bounded on pathological input.
struct FramingLimits {
  size_t max_record_bytes = 64u << 20;
  int max_depth = 200;
};

}  // namespace kspan
