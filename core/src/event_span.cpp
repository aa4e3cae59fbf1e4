#include "event_span.hpp"

#include <array>
#include <cassert>
#include <cstring>
#include <string_view>

#include "object_identity.hpp"
#include "rfc3339.hpp"

namespace kspan {

namespace {

// The texts of a source, in the order they are packed.
enum Text : size_t {
  kReason, kUid, kName, kAction, kMessage, kType,
  kNamespace, kKind, kObjectName, kObjectUid, kApiVersion, kFieldPath,
  kSubjectKind, kSubjectName, kRelatedKind, kRelatedName,
  kTextCount
};
using Texts = std::array<std::string_view, kTextCount>;

// LEB128 lengths: one byte for most texts.
size_t length_bytes(size_t size) {
  size_t bytes = 1;
  for (; size >= 0x80; size >>= 7) ++bytes;
  return bytes;
}

char* put_text(char* out, std::string_view text) {
  size_t size = text.size();
  for (; size >= 0x80; size >>= 7) *out++ = static_cast<char>((size & 0x7f) | 0x80);
  *out++ = static_cast<char>(size);
  if (!text.empty()) std::memcpy(out, text.data(), text.size());  // an empty view may hold no pointer
  return out + text.size();
}

char* put_fixed(char* out, const void* bytes, size_t size) {
  std::memcpy(out, bytes, size);
  return out + size;
}

// Fixed-size fields at the front of the block, in order: the block's size, the link (trace id,
// span id), count, first time.
constexpr size_t kLinkAt = sizeof(size_t);
constexpr size_t kCountAt = kLinkAt + sizeof(TraceId) + sizeof(SpanId);
constexpr size_t kFixedBytes = kCountAt + 2 * sizeof(int64_t);

int64_t read_int64(std::string_view packed, size_t at) {
  int64_t value;
  std::memcpy(&value, packed.data() + at, sizeof value);
  return value;
}

// The block was written by the constructor, so it is read without bounds checks; most
// lengths are one byte.
Texts read_texts(std::string_view packed) {
  Texts texts;
  const char* at = packed.data() + kFixedBytes;
  for (std::string_view& text : texts) {
    size_t size = static_cast<unsigned char>(*at++);
    if (size >= 0x80) {
      size &= 0x7f;
      for (int shift = 7;; shift += 7) {
        const auto byte = static_cast<unsigned char>(*at++);
        size |= static_cast<size_t>(byte & 0x7f) << shift;
        if (byte < 0x80) break;
      }
    }
    text = std::string_view(at, size);
    at += size;
  }
  return texts;
}

std::string_view container_of(std::string_view field_path) {
  for (std::string_view prefix : {"spec.containers{", "spec.initContainers{", "spec.ephemeralContainers{"}) {
    if (field_path.starts_with(prefix) && field_path.ends_with('}'))
      return field_path.substr(prefix.size(), field_path.size() - prefix.size() - 1);
  }
  return {};
}

// Writes attribute views into a vector that held the previous span's, sized once for the
// most an event span has: no allocation, no capacity check per attribute.
class AttributeViews {
 public:
  static constexpr size_t kMost = 32;  // an event span has at most 27
  explicit AttributeViews(std::vector<AttributeView>& out) : out_(out) {
    if (out_.size() < kMost) out_.resize(kMost);
  }

  void text(std::string_view key, std::string_view value) { next() = {key, value}; }
  void text_if_any(std::string_view key, std::string_view value) {
    if (!value.empty()) text(key, value);
  }
  void number(std::string_view key, int64_t value) {
    next() = {key, AttributeValueView(std::in_place_type<int64_t>, value)};
  }
  void flag(std::string_view key, bool value) { next() = {key, AttributeValueView(std::in_place_type<bool>, value)}; }
  std::span<const AttributeView> written() const { return {out_.data(), used_}; }

 private:
  AttributeView& next() {
    assert(used_ < kMost);
    return out_[used_++];
  }
  std::vector<AttributeView>& out_;
  size_t used_ = 0;
};

void write_involved(AttributeViews& slots, const Texts& t) {
  slots.text_if_any("k8s.namespace.name", t[kNamespace]);
  slots.text("k8s.object.kind", t[kKind]);
  slots.text("k8s.object.name", t[kObjectName]);
  slots.text_if_any("k8s.object.uid", t[kObjectUid]);
  slots.text_if_any("k8s.object.api_version", t[kApiVersion]);
  slots.text_if_any("k8s.object.fieldpath", t[kFieldPath]);
  const KindAttributes keys = kind_attributes(t[kKind]);
  if (!keys.name.empty()) slots.text(keys.name, t[kObjectName]);
  if (!keys.uid.empty() && !t[kObjectUid].empty()) slots.text(keys.uid, t[kObjectUid]);
}

}  // namespace

EventSpanSource::EventSpanSource(BlockPool& pool, const Event& event, const std::string* subject_kind,
                                 const std::string* subject_name, const char* rule, Evidence evidence,
                                 const Link* link)
    : rule_(rule),
      evidence_(evidence),
      has_link_(link != nullptr),
      has_count_(event.count.has_value()),
      has_first_(event.first_ns.has_value()),
      has_subject_(subject_kind != nullptr && subject_name != nullptr),
      has_related_(event.related.has_value()),
      late_(event.late),
      skewed_(event.skewed) {
  const ObjectRef& o = event.involved;
  const std::string_view none;
  const std::string_view texts[kTextCount] = {
      event.reason, event.uid, event.name, event.action, event.message, event.type,
      o.ns, o.kind, o.name, o.uid, o.api_version, o.field_path,
      has_subject_ ? std::string_view(*subject_kind) : none, has_subject_ ? std::string_view(*subject_name) : none,
      has_related_ ? std::string_view(event.related->kind) : none,
      has_related_ ? std::string_view(event.related->name) : none};
  size_t size = kFixedBytes;
  for (std::string_view text : texts) size += length_bytes(text.size()) + text.size();
  packed_ = pool.take(size);
  const Link no_link;
  char* out = packed_.data();
  out = put_fixed(out, &size, sizeof size);
  out = put_fixed(out, link ? link->trace_id.data() : no_link.trace_id.data(), sizeof(TraceId));
  out = put_fixed(out, link ? link->span_id.data() : no_link.span_id.data(), sizeof(SpanId));
  const int64_t count = event.count.value_or(0), first_ns = event.first_ns.value_or(0);
  out = put_fixed(out, &count, sizeof count);
  out = put_fixed(out, &first_ns, sizeof first_ns);
  for (std::string_view text : texts) out = put_text(out, text);
}

std::string_view EventSpanSource::packed() const {
  size_t size;
  std::memcpy(&size, packed_.data(), sizeof size);
  return {packed_.data(), size};
}

SpanView EventSpanSource::compose(const SpanHead& head, SpanViewBuffers& buffers) const {
  const std::string_view packed = this->packed();
  const Texts t = read_texts(packed);
  SpanView out;
  static_cast<SpanHead&>(out) = head;
  if (has_link_) {
    std::memcpy(buffers.link.trace_id.data(), packed.data() + kLinkAt, sizeof(TraceId));
    std::memcpy(buffers.link.span_id.data(), packed.data() + kLinkAt + sizeof(TraceId), sizeof(SpanId));
    out.links = {&buffers.link, 1};
  }
  const int64_t count = read_int64(packed, kCountAt);
  const int64_t first_ns = read_int64(packed, kCountAt + sizeof(int64_t));
  buffers.name.assign(t[kKind]).append(".").append(t[kReason]);
  out.name = buffers.name;
  out.error = t[kType] != "Normal";
  if (out.error) out.status_message = t[kMessage];

  AttributeViews slots(buffers.attributes);
  slots.text("k8s.event.reason", t[kReason]);
  slots.text("k8s.event.uid", t[kUid]);
  slots.text_if_any("k8s.event.name", t[kName]);
  if (has_count_) slots.number("k8s.event.count", count);
  slots.text_if_any("k8s.event.action", t[kAction]);
  slots.text("k8s.event.message", t[kMessage]);
  slots.text("k8s.event.type", t[kType]);
  write_involved(slots, t);
  if (has_subject_) {
    slots.text("kspan.subject.kind", t[kSubjectKind]);
    slots.text("kspan.subject.name", t[kSubjectName]);
    const std::string_view subject_name = kind_attributes(t[kSubjectKind]).name;
    if (!subject_name.empty()) slots.text(subject_name, t[kSubjectName]);
  }
  slots.text_if_any("k8s.container.name", container_of(t[kFieldPath]));
  if (has_related_) {
    slots.text("kspan.related.kind", t[kRelatedKind]);
    slots.text("kspan.related.name", t[kRelatedName]);
  }
  if (has_count_ && count > 1 && has_first_) {
    buffers.first_time = format_rfc3339(first_ns);
    slots.text("kspan.event.first_time", buffers.first_time);
  }
  slots.text("kspan.parent.rule", rule_);
  if (evidence_ != Evidence::None) slots.text("kspan.owner.evidence", evidence_name(evidence_));
  if (late_) slots.flag("kspan.late", true);
  if (skewed_) slots.flag("kspan.skewed", true);
  out.attributes = slots.written();
  return out;
}

}  // namespace kspan
