// Splits a YAML byte stream into documents (at `---` and `...` lines), carrying partial
// lines across chunks. The items of a top-level `items:` sequence (a kubectl List) become
// documents of their own, dedented, so memory follows one item. A `# {...}` line opening a
// document is the kspan capture header and travels with it.
#pragma once
#include <functional>
#include <string>

#include "record.hpp"

namespace kspan {

struct YamlDocument {
  std::string_view text;
  std::string_view capture_header;  // JSON text after "# ", empty when none
  uint64_t line = 0;
  uint64_t offset = 0;
};

class YamlFramer {
 public:
  using DocumentHandler = std::function<void(const YamlDocument&)>;
  YamlFramer(DocumentHandler on_document, FramingErrorHandler on_error, FramingLimits limits = {});
  void push(std::string_view bytes);
  void finish();

 private:
  void deliver(std::string_view line);
  void mark_oversize_line(std::string_view head);
  void on_line(std::string_view line, uint64_t line_number, uint64_t offset);
  void on_item_line(std::string_view line, uint64_t line_number, uint64_t offset);
  void append(std::string& target, std::string_view line, bool& oversize);
  void end_document();
  void end_item();
  void emit(std::string& text, bool& oversize, uint64_t line, uint64_t offset);

  DocumentHandler on_document_;
  FramingErrorHandler on_error_;
  FramingLimits limits_;

  std::string partial_line_;
  bool skipping_line_ = false;  // inside a line over the size limit
  uint64_t line_ = 1;
  uint64_t offset_ = 0;
  uint64_t line_offset_ = 0;  // where the current line starts

  std::string document_;
  std::string header_;
  bool header_oversize_ = false;  // the capture header line was over the size limit
  bool document_has_content_ = false;
  bool document_oversize_ = false;
  bool document_is_list_ = false;
  uint64_t document_line_ = 0;
  uint64_t document_offset_ = 0;

  bool in_items_ = false;
  std::string item_;
  bool item_oversize_ = false;
  uint64_t item_line_ = 0;
  uint64_t item_offset_ = 0;
};

}  // namespace kspan
