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

// Where a writer puts span text it should not hold (the CLI: temporary files), so that its
// memory stays bounded on huge inputs; read back in order by write(). The core does no I/O.
class SpillStore {
 public:
  virtual ~SpillStore() = default;
  virtual void append(size_t bucket, std::string_view text) = 0;
  virtual void read(size_t bucket, const std::function<void(std::string_view)>& out) = 0;
};

class OtlpJsonWriter : public SpanSink {
 public:
  explicit OtlpJsonWriter(std::string scope_version = Settings{}.version);
  // Spill the buffered span text to store whenever it passes budget bytes; the output is the same.
  void spill_to(SpillStore* store, size_t budget = 4u << 20) {
    spill_ = store;
    budget_ = budget;
  }
  void on_span(const Span& span, const Resource& resource) override;
  void on_span_view(const SpanView& span, const Resource& resource) override;
  // One ResourceSpans per resource, in order of first appearance.
  std::string to_json() const;
  // The same text in pieces, so a caller can stream it without holding a second copy.
  void write(const std::function<void(std::string_view)>& out) const;
  size_t span_count() const { return span_count_; }

 private:
  struct ResourceBucket {
    Resource resource;
    std::string spans_json;  // comma-separated span objects (those not spilled)
    bool has_spans = false;
    bool spilled = false;
  };
  SpillStore* spill_ = nullptr;
  size_t budget_ = 0;
  size_t buffered_ = 0;
  std::string scope_version_;
  std::vector<ResourceBucket> buckets_;
  std::unordered_map<uint32_t, size_t> bucket_of_;
  size_t span_count_ = 0;
  std::vector<AttributeView> attribute_views_;  // on_span's view of a Span, reused
};

}  // namespace kspan
