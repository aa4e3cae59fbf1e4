// The order every span listing uses (spec 7): depth-first, roots and siblings in
// (start, name, label) order. Shared by the tree writer and the viewer's span table.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kspan/span.hpp"

namespace kspan {

struct ForestRow {
  size_t span;         // index into the spans given
  int32_t parent_row;  // row of the parent, -1 for a root
  uint16_t depth;
};

// Text on one line: newlines written as \n (spec 7).
std::string one_line(const std::string& text);

// A span's label in listings: its message, or for a synthesised root its object.
std::string span_label(const Span& span);

// Every span given is one row. Spans whose parent is not among them, or is themselves, are
// roots; a repeated id names its first span; a loop of parents is cut at its first span.
std::vector<ForestRow> depth_first(const std::vector<const Span*>& spans);

}  // namespace kspan
