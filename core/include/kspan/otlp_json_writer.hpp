// Collects final spans and writes one OTLP/JSON ExportTraceServiceRequest.
#pragma once
#include <string>
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
  size_t span_count() const { return span_count_; }

 private:
  struct ResourceBucket {
    uint32_t resource_key;
    Resource resource;
    std::vector<Span> spans;
  };
  std::string scope_version_;
  std::vector<ResourceBucket> buckets_;
  std::unordered_map<uint32_t, size_t> bucket_of_;
  size_t span_count_ = 0;
};

}  // namespace kspan
