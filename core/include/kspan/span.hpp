// A final span as the core hands it to a sink.
#pragma once
#include <array>
#include <cstdint>
#include <span>
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

// Where a span sits: its ids, its parent, its times and its resource. The core holds this much
// of a span while it is open (its texts wait packed until it is final); Span and SpanView add
// the texts.
struct SpanHead {
  TraceId trace_id{};
  SpanId span_id{};
  SpanId parent_span_id{};
  bool has_parent = false;
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  uint32_t resource_index = 0;  // index into Engine::resources()
};

struct Span : SpanHead {
  std::string name;
  bool error = false;           // status ERROR, else UNSET
  std::string status_message;   // the event message when error
  std::vector<Attribute> attributes;
  std::vector<Link> links;
};

// A span whose texts are borrowed, valid for the length of one SpanSink call: the core hands
// spans over in this form, so that a sink that reads a span at once (a writer that serialises
// it) costs no copy of its texts.
using AttributeValueView = std::variant<std::string_view, int64_t, bool>;

struct AttributeView {
  std::string_view key;  // as Attribute::key
  AttributeValueView value;
};

struct SpanView : SpanHead {
  std::string_view name;
  bool error = false;
  std::string_view status_message;
  std::span<const AttributeView> attributes;
  std::span<const Link> links;
};

// `attributes` as views into them, held in `out` (reused by the caller).
std::span<const AttributeView> views_of(const std::vector<Attribute>& attributes, std::vector<AttributeView>& out);
// `span` as a view into it; `attributes` holds the attribute views (reused by the caller).
SpanView view_of(const Span& span, std::vector<AttributeView>& attributes);
// Writes `view` over `out`; `out`'s strings keep their buffers, so a Span reused for a stream
// of spans allocates next to nothing.
void assign_span(Span& out, const SpanView& view);

// Receives each span once it is final; spans never change afterwards.
class SpanSink {
 public:
  virtual ~SpanSink() = default;
  virtual void on_span(const Span& span, const Resource& resource) = 0;
  // How the core hands a span over. By default its texts are copied into a Span, reused, for
  // on_span: what a sink that keeps spans needs. A sink that only reads each span while it is
  // called overrides this.
  virtual void on_span_view(const SpanView& span, const Resource& resource);

 private:
  Span copy_;
};

const AttributeValue* find_attribute(const std::vector<Attribute>& attributes, std::string_view key);
std::string attribute_string(const std::vector<Attribute>& attributes, std::string_view key);

}  // namespace kspan
