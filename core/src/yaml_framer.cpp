#include "yaml_framer.hpp"

#include <utility>

namespace kspan {

namespace {
bool is_blank_or_comment(std::string_view line) {
  for (char c : line) {
    if (c == '#') return true;
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

bool is_document_marker(std::string_view line) {
  return line == "---" || line.starts_with("--- ") || line == "...";
}

bool starts_at_column_zero(std::string_view line) { return !line.empty() && line[0] != ' ' && line[0] != '\t'; }
}  // namespace

YamlFramer::YamlFramer(DocumentHandler on_document, FramingErrorHandler on_error, FramingLimits limits)
    : on_document_(std::move(on_document)), on_error_(std::move(on_error)), limits_(limits) {}

void YamlFramer::push(std::string_view bytes) {
  while (!bytes.empty()) {
    const size_t newline = bytes.find('\n');
    if (newline == std::string_view::npos) {
      if (partial_line_.size() + bytes.size() > limits_.max_record_bytes) {
        // A line this long is no YAML a cluster wrote; keep counting, not buffering.
        if (!document_has_content_) {
          document_has_content_ = true;
          document_line_ = line_;
          document_offset_ = offset_ - partial_line_.size();
        }
        document_oversize_ = true;
        partial_line_.clear();
      } else {
        partial_line_.append(bytes);
      }
      offset_ += bytes.size();
      return;
    }
    std::string_view line = bytes.substr(0, newline);
    const uint64_t line_offset = offset_ - partial_line_.size();
    if (!partial_line_.empty()) {
      partial_line_.append(line);
      line = partial_line_;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    on_line(line, line_, line_offset);
    partial_line_.clear();
    offset_ += newline + 1;
    ++line_;
    bytes.remove_prefix(newline + 1);
  }
}

void YamlFramer::finish() {
  if (!partial_line_.empty()) {
    std::string last = std::move(partial_line_);
    partial_line_.clear();
    on_line(last, line_, offset_ - last.size());
  }
  end_document();
}

void YamlFramer::on_line(std::string_view line, uint64_t line_number, uint64_t offset) {
  if (is_document_marker(line)) {
    end_document();
    return;
  }
  if (!document_has_content_) {
    if (line.starts_with("# {")) {
      header_.assign(line.substr(2));
      return;
    }
    if (is_blank_or_comment(line)) return;
    document_has_content_ = true;
    document_line_ = line_number;
    document_offset_ = offset;
  }
  if (in_items_) {
    if (starts_at_column_zero(line) && line[0] != '-' && line[0] != '#') {
      end_item();
      in_items_ = false;
    } else {
      on_item_line(line, line_number, offset);
      return;
    }
  }
  if (line == "items:" || line == "items: ") {
    in_items_ = document_is_list_ = true;
    return;
  }
  append(document_, line, document_oversize_);
}

void YamlFramer::on_item_line(std::string_view line, uint64_t line_number, uint64_t offset) {
  if (line.starts_with("- ") || line == "-") {
    end_item();
    item_line_ = line_number;
    item_offset_ = offset;
    append(item_, line.size() > 2 ? line.substr(2) : std::string_view{}, item_oversize_);
    return;
  }
  if (item_line_ == 0) return;  // comments before the first item
  append(item_, line.starts_with("  ") ? line.substr(2) : line, item_oversize_);
}

void YamlFramer::append(std::string& target, std::string_view line, bool& oversize) {
  if (oversize) return;
  if (target.size() + line.size() + 1 > limits_.max_record_bytes) {
    oversize = true;
    target.clear();
    return;
  }
  target.append(line);
  target.push_back('\n');
}

void YamlFramer::emit(std::string& text, bool& oversize, uint64_t line, uint64_t offset) {
  if (oversize) {
    on_error_(FramingError{"record-too-large", line, offset,
                           "a YAML document larger than " + std::to_string(limits_.max_record_bytes >> 20) + " MiB"});
  } else if (!text.empty()) {
    on_document_(YamlDocument{text, header_, line, offset});
  }
  text.clear();
  oversize = false;
}

void YamlFramer::end_item() {
  if (item_line_ != 0) emit(item_, item_oversize_, item_line_, item_offset_);
  item_line_ = 0;
}

void YamlFramer::end_document() {
  if (in_items_) end_item();
  if (document_has_content_ && !document_is_list_) emit(document_, document_oversize_, document_line_, document_offset_);
  document_.clear();
  header_.clear();
  document_has_content_ = document_oversize_ = document_is_list_ = in_items_ = false;
}

}  // namespace kspan
