#include "packed_event.hpp"

namespace kspan {

namespace {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void number(uint64_t value) {
    // LEB128: most values here (lengths, ids, lines) fit one or two bytes.
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }
  void signed_number(int64_t value) { number(static_cast<uint64_t>(value)); }
  void text(std::string_view value) {
    number(value.size());
    out_.append(value);
  }
  void flag(bool value) { out_.push_back(value ? 1 : 0); }
  void optional(const std::optional<int64_t>& value) {
    flag(value.has_value());
    if (value) signed_number(*value);
  }
  void ref(const ObjectRef& r) {
    for (const std::string* s : {&r.api_version, &r.kind, &r.ns, &r.name, &r.uid, &r.field_path}) text(*s);
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint64_t number() {
    uint64_t value = 0;
    for (int shift = 0; at_ < in_.size(); shift += 7) {
      const auto byte = static_cast<unsigned char>(in_[at_++]);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    return value;
  }
  int64_t signed_number() { return static_cast<int64_t>(number()); }
  std::string text() {
    const size_t size = number();
    std::string value(in_.substr(at_, size));
    at_ += size;
    return value;
  }
  bool flag() { return at_ < in_.size() && in_[at_++] != 0; }
  std::optional<int64_t> optional() {
    if (!flag()) return std::nullopt;
    return signed_number();
  }
  ObjectRef ref() {
    ObjectRef r;
    for (std::string* s : {&r.api_version, &r.kind, &r.ns, &r.name, &r.uid, &r.field_path}) *s = text();
    return r;
  }

 private:
  std::string_view in_;
  size_t at_ = 0;
};

}  // namespace

uint32_t EventPacker::source_index(const std::string& source) {
  auto [it, inserted] = source_of_.try_emplace(source, static_cast<uint32_t>(sources_.size()));
  if (inserted) sources_.push_back(source);
  return it->second;
}

// Every field of RoutedEvent and Event, in declaration order; unpack reads them back in the
// same order. A field added to Event must be added to both (tests/core/packed_event_test.cpp).
std::string EventPacker::pack(const RoutedEvent& routed) {
  const Event& e = routed.event;
  std::string out;
  out.reserve(96 + e.uid.size() + e.name.size() + e.message.size() + e.involved.name.size() + e.involved.uid.size());
  Writer w(out);
  for (ObjId id : {routed.involved, routed.object, routed.actor, routed.related}) w.number(id);
  for (const std::string* s : {&e.uid, &e.name, &e.ns}) w.text(*s);
  w.ref(e.involved);
  w.flag(e.related.has_value());
  if (e.related) w.ref(*e.related);
  for (const std::string* s : {&e.reason, &e.type, &e.message, &e.component, &e.instance, &e.action}) w.text(*s);
  w.optional(e.count);
  w.optional(e.first_ns);
  w.signed_number(e.last_ns);
  w.signed_number(e.effective_ns);
  w.optional(e.observed_ns);
  w.number(e.resource_version);
  for (bool b : {e.top_level, e.skewed, e.late}) w.flag(b);
  w.number(source_index(e.where.source));
  w.number(e.where.line);
  w.number(e.where.offset);
  w.text(e.where.object);
  return out;
}

RoutedEvent EventPacker::unpack(std::string_view packed) const {
  Reader r(packed);
  RoutedEvent routed;
  for (ObjId* id : {&routed.involved, &routed.object, &routed.actor, &routed.related})
    *id = static_cast<ObjId>(r.number());
  Event& e = routed.event;
  for (std::string* s : {&e.uid, &e.name, &e.ns}) *s = r.text();
  e.involved = r.ref();
  if (r.flag()) e.related = r.ref();
  for (std::string* s : {&e.reason, &e.type, &e.message, &e.component, &e.instance, &e.action}) *s = r.text();
  e.count = r.optional();
  e.first_ns = r.optional();
  e.last_ns = r.signed_number();
  e.effective_ns = r.signed_number();
  e.observed_ns = r.optional();
  e.resource_version = r.number();
  for (bool* b : {&e.top_level, &e.skewed, &e.late}) *b = r.flag();
  e.where.source = sources_[r.number()];
  e.where.line = r.number();
  e.where.offset = r.number();
  e.where.object = r.text();
  return routed;
}

}  // namespace kspan
