#include "kspan/otlp_json_writer.hpp"

#include "json_text.hpp"
#include "kspan/ids.hpp"

namespace kspan {

namespace {
void append_value(std::string& out, const AttributeValueView& value) {
  if (const auto* text = std::get_if<std::string_view>(&value)) {
    out.append("{\"stringValue\":");
    append_json_string(out, *text);
  } else if (const auto* number = std::get_if<int64_t>(&value)) {
    out.append("{\"intValue\":\"").append(std::to_string(*number)).append("\"");
  } else {
    out.append("{\"boolValue\":").append(std::get<bool>(value) ? "true" : "false");
  }
  out.push_back('}');
}

void append_attributes(std::string& out, std::span<const AttributeView> attributes) {
  out.append("\"attributes\":[");
  for (size_t i = 0; i < attributes.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append("{\"key\":");
    append_json_string(out, attributes[i].key);
    out.append(",\"value\":");
    append_value(out, attributes[i].value);
    out.push_back('}');
  }
  out.push_back(']');
}

void append_span(std::string& out, const SpanView& span) {
  out.append("{\"traceId\":\"").append(to_hex(span.trace_id));
  out.append("\",\"spanId\":\"").append(to_hex(span.span_id)).append("\"");
  if (span.has_parent) out.append(",\"parentSpanId\":\"").append(to_hex(span.parent_span_id)).append("\"");
  out.append(",\"name\":");
  append_json_string(out, span.name);
  out.append(",\"kind\":1,\"startTimeUnixNano\":\"").append(std::to_string(span.start_ns));
  out.append("\",\"endTimeUnixNano\":\"").append(std::to_string(span.end_ns)).append("\",");
  append_attributes(out, span.attributes);
  if (!span.links.empty()) {
    out.append(",\"links\":[");
    for (size_t i = 0; i < span.links.size(); ++i) {
      if (i > 0) out.push_back(',');
      out.append("{\"traceId\":\"").append(to_hex(span.links[i].trace_id));
      out.append("\",\"spanId\":\"").append(to_hex(span.links[i].span_id)).append("\"}");
    }
    out.push_back(']');
  }
  if (span.error) {
    out.append(",\"status\":{\"code\":2,\"message\":");
    append_json_string(out, span.status_message);
    out.push_back('}');
  } else {
    out.append(",\"status\":{}");
  }
  out.push_back('}');
}
}  // namespace

OtlpJsonWriter::OtlpJsonWriter(std::string scope_version) : scope_version_(std::move(scope_version)) {}

void OtlpJsonWriter::on_span(const Span& span, const Resource& resource) {
  on_span_view(view_of(span, attribute_views_), resource);
}

void OtlpJsonWriter::on_span_view(const SpanView& span, const Resource& resource) {
  auto [it, inserted] = bucket_of_.try_emplace(span.resource_index, buckets_.size());
  if (inserted) buckets_.push_back(ResourceBucket{resource, {}});
  ResourceBucket& bucket = buckets_[it->second];
  std::string& out = bucket.spans_json;
  const size_t before = out.size();
  if (bucket.has_spans) out.push_back(',');
  bucket.has_spans = true;
  append_span(out, span);
  buffered_ += out.size() - before;
  ++span_count_;
  if (spill_ != nullptr && buffered_ > budget_) {
    for (size_t b = 0; b < buckets_.size(); ++b) {
      if (buckets_[b].spans_json.empty()) continue;
      spill_->append(b, buckets_[b].spans_json);
      buckets_[b].spans_json.clear();
      buckets_[b].spans_json.shrink_to_fit();
      buckets_[b].spilled = true;
    }
    buffered_ = 0;
  }
}

void OtlpJsonWriter::write(const std::function<void(std::string_view)>& out) const {
  out("{\"resourceSpans\":[");
  std::string head;
  std::vector<AttributeView> resource_views;
  for (size_t r = 0; r < buckets_.size(); ++r) {
    head.assign(r > 0 ? ",{\"resource\":{" : "{\"resource\":{");
    append_attributes(head, views_of(buckets_[r].resource.attributes, resource_views));
    head.append("},\"scopeSpans\":[{\"scope\":{\"name\":\"kspan\",\"version\":");
    append_json_string(head, scope_version_);
    head.append("},\"spans\":[");
    out(head);
    if (buckets_[r].spilled) spill_->read(r, out);
    out(buckets_[r].spans_json);
    out("]}]}");
  }
  out("]}\n");
}

std::string OtlpJsonWriter::to_json() const {
  std::string text;
  write([&text](std::string_view piece) { text.append(piece); });
  return text;
}

}  // namespace kspan
