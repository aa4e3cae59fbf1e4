// Collects final spans and writes the spec's text tree (section 7).
#pragma once
#include <string>
#include <vector>

#include "kspan/span.hpp"

namespace kspan {

class TreeWriter : public SpanSink {
 public:
  void on_span(const Span& span, const Resource& resource) override;
  std::string to_text() const;

 private:
  struct Entry {
    Span span;
    std::string service;
  };
  std::vector<Entry> entries_;
};

}  // namespace kspan
