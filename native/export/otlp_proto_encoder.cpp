#include "otlp_proto_encoder.hpp"

#include <unordered_map>

namespace kspan::exporter {
namespace {

namespace common = opentelemetry::proto::common::v1;
namespace trace = opentelemetry::proto::trace::v1;

template <size_t N>
std::string bytes_of(const std::array<uint8_t, N>& id) {
  return std::string(reinterpret_cast<const char*>(id.data()), N);
}

void set_value(const AttributeValue& value, common::AnyValue& out) {
  if (const auto* text = std::get_if<std::string>(&value)) out.set_string_value(*text);
  else if (const auto* number = std::get_if<int64_t>(&value)) out.set_int_value(*number);
  else out.set_bool_value(std::get<bool>(value));
}

template <typename Repeated>
void add_attributes(const std::vector<Attribute>& attributes, Repeated& out) {
  out.Reserve(static_cast<int>(attributes.size()));
  for (const auto& attribute : attributes) {
    common::KeyValue* kv = out.Add();
    kv->set_key(std::string(attribute.key));
    set_value(attribute.value, *kv->mutable_value());
  }
}

void fill_span(const Span& span, trace::Span& out) {
  out.set_trace_id(bytes_of(span.trace_id));
  out.set_span_id(bytes_of(span.span_id));
  if (span.has_parent) out.set_parent_span_id(bytes_of(span.parent_span_id));
  out.set_name(span.name);
  out.set_kind(trace::Span::SPAN_KIND_INTERNAL);  // as kspan convert writes it
  out.set_start_time_unix_nano(static_cast<uint64_t>(span.start_ns));
  out.set_end_time_unix_nano(static_cast<uint64_t>(span.end_ns));
  add_attributes(span.attributes, *out.mutable_attributes());
  for (const auto& link : span.links) {
    trace::Span::Link* l = out.add_links();
    l->set_trace_id(bytes_of(link.trace_id));
    l->set_span_id(bytes_of(link.span_id));
  }
  // Present even when UNSET, as in kspan convert's JSON, so both encodings are one message.
  trace::Status* status = out.mutable_status();
  if (span.error) {
    status->set_code(trace::Status::STATUS_CODE_ERROR);
    status->set_message(span.status_message);
  }
}

trace::ScopeSpans* new_resource_spans(const Resource& resource, const std::string& scope_version,
                                      otlp_collector::ExportTraceServiceRequest& request) {
  trace::ResourceSpans* rs = request.add_resource_spans();
  add_attributes(resource.attributes, *rs->mutable_resource()->mutable_attributes());
  trace::ScopeSpans* ss = rs->add_scope_spans();
  ss->mutable_scope()->set_name("kspan");
  ss->mutable_scope()->set_version(scope_version);
  return ss;
}

}  // namespace

void encode_request(const SpanBatch& batch, const std::string& scope_version,
                    otlp_collector::ExportTraceServiceRequest& request) {
  request.Clear();
  std::unordered_map<const Resource*, trace::ScopeSpans*> scope_of;
  for (const auto& queued : batch) {
    auto [it, inserted] = scope_of.try_emplace(queued.resource.get(), nullptr);
    if (inserted) it->second = new_resource_spans(*queued.resource, scope_version, request);
    fill_span(queued.span, *it->second->add_spans());
  }
}

}  // namespace kspan::exporter
