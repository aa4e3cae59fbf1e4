// Collects final spans and writes one OTLP/JSON ExportTraceServiceRequest. Spans are
// serialised as they arrive, grouped by resource, so only their JSON text is kept.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kspan/settings.hpp"
#include "kspan/span.hpp"

namespace kspan {

class OtlpJsonWriter : public SpanSink {
 public:
  explicit OtlpJsonWriter(std::string scope_version = Settings{}.version);
  void on_span(const Span& span, const Resource& resource) override;
  // One ResourceSpans per resource, in order of first appearance.
  std::string to_json() const;
  // The same text in pieces, so a caller can stream it without holding a second copy.
  void write(const std::function<void(std::string_view)>& out) const;
  size_t span_count() const { return span_count_; }

 private:
  struct ResourceBucket {
    Resource resource;
    std::string spans_json;  // comma-separated span objects
  };
  std::string scope_version_;
  std::vector<ResourceBucket> buckets_;
  std::unordered_map<uint32_t, size_t> bucket_of_;
  size_t span_count_ = 0;
};

}  // namespace kspan
