// Events wait in the reorder buffer packed: unpacking gives back every field as it was.
#include <catch2/catch.hpp>

#include "packed_event.hpp"

using namespace kspan;

namespace {
ObjectRef ref(const std::string& tag) {
  return ObjectRef{tag + "/v1", tag + "Kind", tag + "-ns", tag + "-name-that-is-long-enough-for-the-heap",
                   tag + "-uid-0000-1111-2222-3333", tag + ".spec.containers{x}"};
}

bool same(const ObjectRef& a, const ObjectRef& b) {
  return a.api_version == b.api_version && a.kind == b.kind && a.ns == b.ns && a.name == b.name && a.uid == b.uid &&
         a.field_path == b.field_path;
}

RoutedEvent full_event() {
  RoutedEvent r;
  r.involved = 7;
  r.object = 8;
  r.actor = kNoObject;
  r.related = 0;
  Event& e = r.event;
  e.uid = "3f0e0b52-6a4c-4f5e-9d0a-0123456789ab";
  e.name = "web-5d9c.17a8b3c4d5e6f7a8";
  e.ns = "shop";
  e.involved = ref("inv");
  e.related = ref("rel");
  e.reason = "Pulled";
  e.type = "Warning";
  e.message = std::string("Successfully pulled image \"nginx\" in 1.2s\n\xe2\x9c\x93 \0 done", 52);
  e.component = "kubelet";
  e.instance = "node-1";
  e.action = "Binding";
  e.count = 3;
  e.first_ns = -5;
  e.last_ns = INT64_MIN;
  e.effective_ns = INT64_MAX;
  e.observed_ns = 1700000000123456789;
  e.resource_version = UINT64_MAX;
  e.top_level = true;
  e.skewed = false;
  e.late = true;
  e.where = Location{"cluster-resources/events/shop.json", 1234567, 98765432101, "shop/web-5d9c"};
  return r;
}

void check_same(const RoutedEvent& a, const RoutedEvent& b) {
  CHECK(a.involved == b.involved);
  CHECK(a.object == b.object);
  CHECK(a.actor == b.actor);
  CHECK(a.related == b.related);
  const Event& x = a.event;
  const Event& y = b.event;
  CHECK(x.uid == y.uid);
  CHECK(x.name == y.name);
  CHECK(x.ns == y.ns);
  CHECK(same(x.involved, y.involved));
  CHECK(x.related.has_value() == y.related.has_value());
  if (x.related && y.related) CHECK(same(*x.related, *y.related));
  CHECK(x.reason == y.reason);
  CHECK(x.type == y.type);
  CHECK(x.message == y.message);
  CHECK(x.component == y.component);
  CHECK(x.instance == y.instance);
  CHECK(x.action == y.action);
  CHECK(x.count == y.count);
  CHECK(x.first_ns == y.first_ns);
  CHECK(x.last_ns == y.last_ns);
  CHECK(x.effective_ns == y.effective_ns);
  CHECK(x.observed_ns == y.observed_ns);
  CHECK(x.resource_version == y.resource_version);
  CHECK(x.top_level == y.top_level);
  CHECK(x.skewed == y.skewed);
  CHECK(x.late == y.late);
  CHECK(x.where.source == y.where.source);
  CHECK(x.where.line == y.where.line);
  CHECK(x.where.offset == y.where.offset);
  CHECK(x.where.object == y.where.object);
}
}  // namespace

TEST_CASE("a packed event unpacks to every field it had", "[packed]") {
  EventPacker packer;
  const RoutedEvent full = full_event();
  check_same(packer.unpack(packer.pack(full)), full);

  RoutedEvent sparse;  // optionals absent, strings empty, defaults
  sparse.event.where.source = "other.json";
  check_same(packer.unpack(packer.pack(sparse)), sparse);
  // The file name table serves both sources after the other was added.
  check_same(packer.unpack(packer.pack(full)), full);
}

TEST_CASE("a packed event is much smaller than the event", "[packed]") {
  EventPacker packer;
  const RoutedEvent full = full_event();
  const size_t packed = packer.pack(full).size();
  // Smaller than the struct alone, before the heap blocks of its long strings.
  CHECK(packed < sizeof(RoutedEvent));
}

#if UINTPTR_MAX == UINT64_MAX && defined(__GLIBCXX__)
// A field added to Event changes its size (here: 64-bit libstdc++): pack and unpack it too (packed_event.cpp), then
// update this number and full_event() above.
static_assert(sizeof(Event) == 840, "Event changed: pack the new field in packed_event.cpp");
#endif

TEST_CASE("names and labels that follow the involved object are packed short and unpack whole", "[packed]") {
  EventPacker packer;
  RoutedEvent usual = full_event();
  usual.event.name = usual.event.involved.name + ".17a8b3c4d5e6f7a8";
  usual.event.where.object = usual.event.involved.ns + "/" + usual.event.involved.name;
  RoutedEvent other = usual;  // the same lengths, nothing to derive
  other.event.name = std::string(usual.event.name.size(), 'x');
  other.event.where.object = std::string(usual.event.where.object.size(), 'y');
  check_same(packer.unpack(packer.pack(usual)), usual);
  check_same(packer.unpack(packer.pack(other)), other);
  CHECK(packer.pack(usual).size() + usual.event.involved.name.size() + usual.event.where.object.size() <=
        packer.pack(other).size());

  // Near misses are written out and come back as they were.
  for (const std::string& name : {usual.event.involved.name, usual.event.involved.name + ".",
                                  usual.event.involved.name + "-x.1", usual.event.involved.name.substr(1) + ".1"}) {
    RoutedEvent near = usual;
    near.event.name = name;
    near.event.where.object = usual.event.involved.name;  // no namespace
    check_same(packer.unpack(packer.pack(near)), near);
  }
  RoutedEvent no_namespace = usual;
  no_namespace.event.involved.ns.clear();
  no_namespace.event.where.object = no_namespace.event.involved.name;
  check_same(packer.unpack(packer.pack(no_namespace)), no_namespace);
}

TEST_CASE("times are packed as distances from last_ns, exact at the extremes", "[packed]") {
  EventPacker packer;
  RoutedEvent r = full_event();
  for (int64_t last : {int64_t{0}, INT64_MIN, INT64_MAX, int64_t{1700000000000000000}}) {
    const int64_t before_last = last == INT64_MIN ? INT64_MAX : last - 1;  // no signed overflow
    for (int64_t other : {int64_t{0}, INT64_MIN, INT64_MAX, int64_t{-1}, last, before_last}) {
      r.event.last_ns = last;
      r.event.first_ns = other;
      r.event.effective_ns = other;
      r.event.observed_ns = other;
      check_same(packer.unpack(packer.pack(r)), r);
    }
  }
  RoutedEvent near = full_event();
  near.event.last_ns = 1700000000000000000;
  near.event.effective_ns = near.event.last_ns;
  near.event.first_ns = near.event.observed_ns = near.event.last_ns;
  RoutedEvent far = near;
  far.event.effective_ns = 1;
  far.event.first_ns = far.event.observed_ns = 1;
  CHECK(packer.pack(near).size() + 3 * 7 <= packer.pack(far).size());
}

TEST_CASE("uids that are lowercase UUIDs pack as 16 bytes; any other uid comes back as it was", "[packed]") {
  EventPacker packer;
  RoutedEvent uuid = full_event();
  uuid.event.uid = "9e257eca-39e1-4bb6-b00d-17f2f2763f9f";
  uuid.event.involved.uid = "dee0ef25-bdeb-4ae9-be69-0f9cea45c17f";
  check_same(packer.unpack(packer.pack(uuid)), uuid);
  RoutedEvent text = uuid;  // the same lengths, not UUIDs
  text.event.uid = "9e257eca-39e1-4bb6-b00d-17f2f2763f9g";
  text.event.involved.uid = "dee0ef25+bdeb-4ae9-be69-0f9cea45c17f";
  check_same(packer.unpack(packer.pack(text)), text);
  CHECK(packer.pack(uuid).size() + 2 * 19 <= packer.pack(text).size());
  for (const std::string& odd : {std::string("9E257ECA-39E1-4BB6-B00D-17F2F2763F9F"), std::string(""),
                                 std::string("9e257eca-39e1-4bb6-b00d-17f2f2763f9"), std::string(36, '-'),
                                 std::string("9e257eca39e14bb6b00d17f2f2763f9f1234")}) {
    RoutedEvent r = uuid;
    r.event.uid = odd;
    r.event.involved.uid = odd;
    check_same(packer.unpack(packer.pack(r)), r);
  }
}

TEST_CASE("a packed event's objects are read without unpacking it", "[packed]") {
  EventPacker packer;
  RoutedEvent full = full_event();
  full.actor = 123456789;
  CHECK(EventPacker::objects_of(packer.pack(full)) == std::array<ObjId, 4>{7, 8, 123456789, 0});
  full.actor = kNoObject;
  CHECK(EventPacker::objects_of(packer.pack(full)) == std::array<ObjId, 4>{7, 8, kNoObject, 0});
}
