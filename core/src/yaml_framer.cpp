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
    const size_t take = newline == std::string_view::npos ? bytes.size() : newline;
    if (partial_line_.empty() && !skipping_line_) line_offset_ = offset_;
    if (!skipping_line_ && partial_line_.size() + take > limits_.max_record_bytes) {
      // A line this long is no YAML a cluster wrote: what holds it is too large; the line
      // is passed over to its end, and reading goes on after it.
      std::string head = partial_line_.substr(0, 4);
      head.append(bytes.substr(0, 4 - head.size()));
      mark_oversize_line(head);
      skipping_line_ = true;
      partial_line_.clear();
      partial_line_.shrink_to_fit();
    }
    offset_ += take;
    if (newline == std::string_view::npos) {
      if (!skipping_line_) partial_line_.append(bytes);
      return;
    }
    if (skipping_line_) {
      skipping_line_ = false;
    } else if (partial_line_.empty()) {
      deliver(bytes.substr(0, newline));
    } else {
      partial_line_.append(bytes.substr(0, newline));
      deliver(partial_line_);
    }
    partial_line_.clear();
    ++offset_;
    ++line_;
    bytes.remove_prefix(newline + 1);
  }
}

void YamlFramer::deliver(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  on_line(line, line_, line_offset_);
}

// The item or document that holds a line over the size limit is too large. The line is
// placed by its first bytes exactly as on_line would place it whole.
void YamlFramer::mark_oversize_line(std::string_view head) {
  if (is_document_marker(head)) {  // "--- " and a long rest: the rest is not read, as on_line does
    end_document();
    return;
  }
  if (!document_has_content_ && head.starts_with("#")) {
    // Before the document: a comment, passed over; or the capture header, which travels with
    // every record of the document, so all of them are too large.
    if (head.starts_with("# {")) {
      header_.clear();
      header_oversize_ = true;
    }
    return;
  }
  const bool column_zero = !head.empty() && head[0] != ' ' && head[0] != '\t';
  if (in_items_ && column_zero && head[0] != '-' && head[0] != '#') {
    end_item();  // the line ends the List's items, as on_line would
    in_items_ = false;
  }
  if (in_items_) {
    if (head.starts_with("- ")) {
      end_item();
      item_line_ = line_;
      item_offset_ = line_offset_;
    }
    if (item_line_ != 0) {
      item_oversize_ = true;
      item_.clear();
    }
    return;  // before the first item the line would be passed over anyway
  }
  if (!document_has_content_) {
    document_has_content_ = true;
    document_line_ = line_;
    document_offset_ = line_offset_;
  }
  document_oversize_ = true;
  document_.clear();
}

void YamlFramer::finish() {
  if (!partial_line_.empty() && !skipping_line_) {
    std::string last = std::move(partial_line_);
    partial_line_.clear();
    deliver(last);
  }
  skipping_line_ = false;
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
      header_oversize_ = false;  // the last header line counts
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
  if (oversize || (header_oversize_ && !text.empty())) {
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
  // A List's envelope is not a record, but one that grew over the limit is reported.
  if (document_has_content_ && (!document_is_list_ || document_oversize_))
    emit(document_, document_oversize_, document_line_, document_offset_);
  document_.clear();
  header_.clear();
  document_has_content_ = document_oversize_ = document_is_list_ = in_items_ = header_oversize_ = false;
}

}  // namespace kspan
