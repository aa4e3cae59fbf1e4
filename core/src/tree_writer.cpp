#include "kspan/tree_writer.hpp"

#include "span_forest.hpp"

namespace kspan {

void TreeWriter::on_span(const Span& span, const Resource& resource) {
  entries_.push_back(Entry{span, attribute_string(resource.attributes, "service.name")});
}

std::string TreeWriter::to_text() const {
  std::vector<const Span*> spans;
  spans.reserve(entries_.size());
  for (const auto& entry : entries_) spans.push_back(&entry.span);
  const std::vector<ForestRow> rows = depth_first(spans);
  std::string out;
  for (size_t index = 0; index < rows.size(); ++index) {
    const Entry& entry = entries_[rows[index].span];
    out += std::to_string(index) + ": " + one_line(entry.service) + " " + one_line(entry.span.name);
    if (rows[index].parent_row >= 0) out += " (" + std::to_string(rows[index].parent_row) + ")";
    out += " " + span_label(entry.span) + "\n";
  }
  return out;
}

}  // namespace kspan
