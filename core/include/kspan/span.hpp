// A final span as the core hands it to a sink.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kspan {

using TraceId = std::array<uint8_t, 16>;
using SpanId = std::array<uint8_t, 8>;

using AttributeValue = std::variant<std::string, int64_t, bool>;

struct Attribute {
  // Static text (the attribute names of the spec), or text the engine's Settings own
  // (OTEL_RESOURCE_ATTRIBUTES): valid while the Engine lives. No allocation per attribute.
  std::string_view key;
  AttributeValue value;
};

struct Link {
  TraceId trace_id{};
  SpanId span_id{};
};

// One per reporting component and instance (spec section 6).
struct Resource {
  std::vector<Attribute> attributes;  // service.name first
};

struct Span {
  TraceId trace_id{};
  SpanId span_id{};
  SpanId parent_span_id{};
  bool has_parent = false;
  std::string name;
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  bool error = false;           // status ERROR, else UNSET
  std::string status_message;   // the event message when error
  std::vector<Attribute> attributes;
  std::vector<Link> links;
  uint32_t resource_index = 0;  // index into Engine::resources()
};

// Receives each span once it is final; spans never change afterwards.
class SpanSink {
 public:
  virtual ~SpanSink() = default;
  virtual void on_span(const Span& span, const Resource& resource) = 0;
};

const AttributeValue* find_attribute(const std::vector<Attribute>& attributes, const std::string& key);
std::string attribute_string(const std::vector<Attribute>& attributes, const std::string& key);

}  // namespace kspan
