// The spans as columns for the viewer: one string table and one array per field, rows in
// the listing order (traces by start, each depth-first), so a page reads them as typed
// arrays instead of parsing OTLP/JSON.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kspan/span.hpp"

namespace kspan {

enum class AttributeType : uint8_t { String = 0, Int = 1, Double = 2, Bool = 3 };

struct SpanTable {
  std::vector<std::string> strings;  // strings[0] is ""
  std::vector<Resource> resources;
  // One entry per span row.
  std::vector<uint32_t> trace, id;  // string indices of the hex ids
  std::vector<int32_t> parent;      // row of the parent, -1 for a root
  std::vector<uint32_t> parent_id;  // string index of the parent's span id, 0 when none
  std::vector<uint16_t> depth;
  std::vector<uint32_t> name, resource, status_message;
  std::vector<uint8_t> kind, status;     // status: 0 unset, 2 error
  std::vector<double> start_us, end_us;  // µs since the epoch (exact below 2^53)
  std::vector<uint16_t> start_ns, end_ns;  // the nanoseconds below the µs
  // Span i's attributes are rows attr_start[i] .. attr_start[i+1].
  std::vector<uint32_t> attr_start, attr_key;
  std::vector<uint8_t> attr_type;
  std::vector<double> attr_value;  // the number, 0/1, or a string index
  std::vector<uint32_t> link_start, link_trace, link_span;

  // The string table as one JSON array (invalid UTF-8 replaced), for pages that read it at once.
  std::string strings_json() const;
};

class SpanTableWriter : public SpanSink {
 public:
  SpanTableWriter();
  void on_span(const Span& span, const Resource& resource) override;
  SpanTable table() const;
  size_t span_count() const { return rows_.size(); }

 private:
  // A span as it arrived, its strings already in the table.
  struct Row {
    Span span;  // ids, times, name and parent; attributes moved to the flat arrays
    uint32_t name, trace, id, parent_id, status_message, resource;
    uint32_t attr_begin, attr_end, link_begin, link_end;
  };
  uint32_t intern(std::string_view text);

  std::deque<std::string> strings_;  // a deque: the index's views stay valid as it grows
  std::unordered_map<std::string_view, uint32_t> string_index_;
  std::vector<Resource> resources_;
  std::unordered_map<uint32_t, uint32_t> resource_of_;  // the engine's index -> ours
  std::vector<Row> rows_;
  std::vector<uint32_t> attr_key_;
  std::vector<uint8_t> attr_type_;
  std::vector<double> attr_value_;
  std::vector<uint32_t> link_trace_, link_span_;
};

}  // namespace kspan
