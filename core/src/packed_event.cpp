#include "packed_event.hpp"

#include <algorithm>

#include "object_identity.hpp"

namespace kspan {

namespace {

// The 16 bytes of a UUID written 8-4-4-4-12 in lowercase hex (the only form unpacking gives back).
bool uuid_bytes(std::string_view text, unsigned char* bytes) {
  if (text.size() != 36) return false;
  size_t at = 0;
  for (size_t i = 0; i < 36; ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
      continue;
    }
    unsigned digit;
    if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
    else return false;
    if (at % 2 == 0) bytes[at / 2] = static_cast<unsigned char>(digit << 4);
    else bytes[at / 2] |= static_cast<unsigned char>(digit);
    ++at;
  }
  return true;
}

// Whether `label` is object_label(ns, name), without building it.
bool is_object_label(std::string_view label, std::string_view ns, std::string_view name) {
  if (ns.empty() || name.empty()) return label == name;
  return label.size() == ns.size() + 1 + name.size() && label.starts_with(ns) && label[ns.size()] == '/' &&
         label.ends_with(name);
}

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
  // A time as its distance from a reference time: most are equal or close (zigzag, so that a
  // small negative distance is small too; wrapping arithmetic keeps any two values exact).
  void delta(int64_t value, int64_t reference) {
    const uint64_t d = static_cast<uint64_t>(value) - static_cast<uint64_t>(reference);
    number((d << 1) ^ (0 - (d >> 63)));
  }
  void text(std::string_view value) {
    number(value.size());
    out_.append(value);
  }
  // A uid: Kubernetes writes them as lowercase UUIDs, 36 characters for 16 bytes. Those are
  // packed as the 16 bytes after a 0; any other text as its length + 1, then the text.
  void uid(std::string_view value) {
    unsigned char bytes[16];
    if (!uuid_bytes(value, bytes)) {
      number(value.size() + 1);
      out_.append(value);
      return;
    }
    out_.push_back(0);
    out_.append(reinterpret_cast<const char*>(bytes), 16);
  }
  void flag(bool value) { out_.push_back(value ? 1 : 0); }
  void optional(const std::optional<int64_t>& value) {
    flag(value.has_value());
    if (value) signed_number(*value);
  }
  void optional_delta(const std::optional<int64_t>& value, int64_t reference) {
    flag(value.has_value());
    if (value) delta(*value, reference);
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
  int64_t delta(int64_t reference) {
    const uint64_t z = number();
    const uint64_t d = (z >> 1) ^ (0 - (z & 1));
    return static_cast<int64_t>(static_cast<uint64_t>(reference) + d);
  }
  std::string_view view() {
    const size_t size = number();
    const std::string_view value = in_.substr(std::min(at_, in_.size()), size);
    at_ += size;
    return value;
  }
  // Texts are assigned over what `value` held: unpacking into a reused event costs no allocation.
  void text(std::string& value) { value.assign(view()); }
  void uid(std::string& value) {
    const size_t size_plus_one = number();
    if (size_plus_one != 0) {
      value.assign(in_.substr(std::min(at_, in_.size()), size_plus_one - 1));
      at_ += size_plus_one - 1;
      return;
    }
    value.assign(36, '-');
    static const char kHex[] = "0123456789abcdef";
    size_t out = 0;
    for (size_t i = 0; i < 16 && at_ < in_.size(); ++i) {
      if (out == 8 || out == 13 || out == 18 || out == 23) ++out;
      const auto byte = static_cast<unsigned char>(in_[at_++]);
      value[out++] = kHex[byte >> 4];
      value[out++] = kHex[byte & 0xf];
    }
  }
  bool flag() { return at_ < in_.size() && in_[at_++] != 0; }
  std::optional<int64_t> optional() {
    if (!flag()) return std::nullopt;
    return signed_number();
  }
  std::optional<int64_t> optional_delta(int64_t reference) {
    if (!flag()) return std::nullopt;
    return delta(reference);
  }

 private:
  std::string_view in_;
  size_t at_ = 0;
};

}  // namespace

uint32_t EventPacker::shared_index(const std::string& text) {
  auto [it, inserted] = index_of_.try_emplace(text, static_cast<uint32_t>(shared_.size()));
  if (inserted) shared_.push_back(text);
  return it->second;
}

// Every field of RoutedEvent and Event; unpack reads them back in the same order. A field
// added to Event must be added to both (tests/core/packed_event_test.cpp). Unique texts (uids,
// names, messages) are written out, uids that are UUIDs as their 16 bytes; repeated texts by
// index. What can be derived from the fields before it is written as a flag: an event's name
// is nearly always its involved object's name, '.', and a hex suffix; its counters' label is
// that object's "namespace/name"; and its times are written as distances from last_ns.
std::string_view EventPacker::pack(const RoutedEvent& routed) {
  const Event& e = routed.event;
  scratch_.clear();
  Writer w(scratch_);
  const auto shared = [&](const std::string& text) { w.number(shared_index(text)); };
  const auto ref = [&](const ObjectRef& r) {
    for (const std::string* s : {&r.api_version, &r.kind, &r.ns}) shared(*s);
    w.text(r.name);
    w.uid(r.uid);
    shared(r.field_path);
  };
  for (ObjId id : {routed.involved, routed.object, routed.actor, routed.related}) w.number(id);  // first: objects_of
  w.uid(e.uid);
  shared(e.ns);
  ref(e.involved);
  const std::string& involved_name = e.involved.name;
  const bool name_follows_involved = e.name.size() > involved_name.size() && e.name.starts_with(involved_name) &&
                                     e.name[involved_name.size()] == '.';
  w.flag(name_follows_involved);
  w.text(name_follows_involved ? std::string_view(e.name).substr(involved_name.size() + 1) : std::string_view(e.name));
  w.flag(e.related.has_value());
  if (e.related) ref(*e.related);
  for (const std::string* s : {&e.reason, &e.type}) shared(*s);
  w.text(e.message);
  for (const std::string* s : {&e.component, &e.instance, &e.action}) shared(*s);
  w.optional(e.count);
  w.signed_number(e.last_ns);
  w.optional_delta(e.first_ns, e.last_ns);
  w.delta(e.effective_ns, e.last_ns);
  w.optional_delta(e.observed_ns, e.last_ns);
  w.number(e.resource_version);
  for (bool b : {e.top_level, e.skewed, e.late}) w.flag(b);
  shared(e.where.source);
  w.number(e.where.line);
  w.number(e.where.offset);
  const bool label_follows_involved = is_object_label(e.where.object, e.involved.ns, involved_name);
  w.flag(label_follows_involved);
  if (!label_follows_involved) w.text(e.where.object);
  return scratch_;
}

RoutedEvent EventPacker::unpack(std::string_view packed) const {
  RoutedEvent routed;
  unpack_into(packed, routed);
  return routed;
}

std::array<ObjId, 4> EventPacker::objects_of(std::string_view packed) {
  Reader r(packed);
  std::array<ObjId, 4> objects{};
  for (ObjId& id : objects) id = static_cast<ObjId>(r.number());
  return objects;
}

void EventPacker::unpack_into(std::string_view packed, RoutedEvent& routed) const {
  Reader r(packed);
  const auto shared = [&]() -> const std::string& { return shared_[r.number()]; };
  const auto ref = [&](ObjectRef& o) {
    for (std::string* s : {&o.api_version, &o.kind, &o.ns}) *s = shared();
    r.text(o.name);
    r.uid(o.uid);
    o.field_path = shared();
  };
  for (ObjId* id : {&routed.involved, &routed.object, &routed.actor, &routed.related})
    *id = static_cast<ObjId>(r.number());
  Event& e = routed.event;
  r.uid(e.uid);
  e.ns = shared();
  ref(e.involved);
  if (r.flag()) {
    const std::string_view suffix = r.view();
    e.name.assign(e.involved.name).append(".").append(suffix);
  } else {
    r.text(e.name);
  }
  if (r.flag()) {
    if (!e.related) e.related.emplace();
    ref(*e.related);
  } else {
    e.related.reset();
  }
  for (std::string* s : {&e.reason, &e.type}) *s = shared();
  r.text(e.message);
  for (std::string* s : {&e.component, &e.instance, &e.action}) *s = shared();
  e.count = r.optional();
  e.last_ns = r.signed_number();
  e.first_ns = r.optional_delta(e.last_ns);
  e.effective_ns = r.delta(e.last_ns);
  e.observed_ns = r.optional_delta(e.last_ns);
  e.resource_version = r.number();
  for (bool* b : {&e.top_level, &e.skewed, &e.late}) *b = r.flag();
  e.where.source = shared();
  e.where.line = r.number();
  e.where.offset = r.number();
  if (r.flag()) e.where.object = object_label(e.involved.ns, e.involved.name);
  else r.text(e.where.object);
}

}  // namespace kspan
