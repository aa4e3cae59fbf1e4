// Pending events: the newest wait as they came, older ones packed; either way they come back
// whole, in processing order, and name their objects for live expiry.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "pending_events.hpp"

using namespace kspan;

namespace {
// More than the events kept unpacked (1,024), so that most of them wait packed.
constexpr int kEvents = 5000;

RoutedEvent event_number(int i) {
  RoutedEvent r;
  r.involved = static_cast<ObjId>(i);
  r.object = static_cast<ObjId>(100000 + i);
  r.actor = i % 3 == 0 ? static_cast<ObjId>(200000 + i) : kNoObject;
  Event& e = r.event;
  e.uid = "3f0e0b52-6a4c-4f5e-9d0a-" + std::to_string(100000000000 + i);
  e.involved = ObjectRef{"v1", "Pod", "shop", "web-5d9c-" + std::to_string(i), "", ""};
  e.name = e.involved.name + ".17a8b3c4d5e6f7a8";
  e.ns = "shop";
  e.reason = i % 2 ? "Pulled" : "Started";
  e.message = "a message long enough for the heap, number " + std::to_string(i);
  e.count = i;
  e.effective_ns = e.last_ns = 1'700'000'000'000'000'000 + i;
  e.where = Location{"events.json", static_cast<uint64_t>(i), static_cast<uint64_t>(10 * i), "shop/web"};
  return r;
}

void check_is_number(const RoutedEvent& r, int i) {
  const RoutedEvent expected = event_number(i);
  CHECK(r.involved == expected.involved);
  CHECK(r.object == expected.object);
  CHECK(r.actor == expected.actor);
  CHECK(r.related == expected.related);
  CHECK(r.event.uid == expected.event.uid);
  CHECK(r.event.name == expected.event.name);
  CHECK(r.event.involved.name == expected.event.involved.name);
  CHECK(r.event.reason == expected.event.reason);
  CHECK(r.event.message == expected.event.message);
  CHECK(r.event.count == expected.event.count);
  CHECK(r.event.effective_ns == expected.event.effective_ns);
  CHECK(r.event.where.line == expected.event.where.line);
}

int64_t expiry_of(int i) { return 1000 + i / 10; }

void add_all(PendingEvents& pending) {
  for (int i = 0; i < kEvents; ++i) pending.add(event_number(i), expiry_of(i), {static_cast<ObjId>(100000 + i)});
}
}  // namespace

TEST_CASE("pending events come back whole, in processing order, by expiry", "[pending]") {
  PendingEvents pending;
  add_all(pending);
  CHECK(pending.size() == kEvents);
  int next = 0;
  while (!pending.empty()) {
    const int64_t moment = pending.next_expiry();
    CHECK(moment == expiry_of(next));
    while (auto e = pending.take_expiring(moment)) check_is_number(*e, next++);
  }
  CHECK(next == kEvents);
  CHECK(pending.next_expiry() == INT64_MAX);
}

TEST_CASE("a pending event checked and then taken, young or packed, is the same event", "[pending]") {
  PendingEvents pending;
  add_all(pending);
  // The oldest (packed) and the newest (young) ones, each checked twice, and one left unchecked.
  for (int i : {3, kEvents - 2}) {
    pending.changed(static_cast<ObjId>(100000 + i));
    const auto order = pending.next_to_check();
    REQUIRE(order);
    check_is_number(pending.at(*order), i);
    check_is_number(pending.at(*order), i);
    check_is_number(pending.take(*order), i);
    CHECK(!pending.next_to_check());
  }
  pending.changed(100000 + 7);
  pending.changed(100000 + 8);
  const auto seventh = pending.next_to_check();
  REQUIRE(seventh);
  check_is_number(pending.at(*seventh), 7);
  const auto eighth = pending.next_to_check();
  REQUIRE(eighth);
  check_is_number(pending.take(*eighth), 8);  // not the one checked last
  check_is_number(pending.take(*seventh), 7);
  CHECK(pending.size() == kEvents - 4);
  auto oldest = pending.take_oldest();
  REQUIRE(oldest);
  check_is_number(*oldest, 0);
}

TEST_CASE("pending events name their objects for live expiry, packed ones too", "[pending]") {
  PendingEvents pending;
  add_all(pending);
  for (int i = 0; i < kEvents / 2; ++i) pending.take_oldest();
  std::vector<ObjId> in_use;
  pending.objects_in_use(in_use);
  std::sort(in_use.begin(), in_use.end());
  const auto named = [&](ObjId id) { return std::binary_search(in_use.begin(), in_use.end(), id); };
  CHECK(!named(0));
  CHECK(named(kEvents / 2));
  CHECK(named(100000 + kEvents / 2));
  CHECK(named(200000 + kEvents / 2 + 1) == ((kEvents / 2 + 1) % 3 == 0));
  CHECK(named(kEvents - 1));
}

TEST_CASE("after all_changed every pending event is checked once, in processing order, with the changed ones", "[pending]") {
  PendingEvents pending;
  add_all(pending);
  pending.take_oldest();  // event 0 is not checked
  pending.changed(100000 + 10);
  pending.all_changed();
  pending.changed(100000 + 20);  // listed as well as swept: checked once
  std::vector<uint64_t> checked;
  while (auto order = pending.next_to_check()) {
    checked.push_back(*order);
    if (checked.size() == 100) check_is_number(pending.take(*order), 100);  // taken: not checked again
  }
  REQUIRE(checked.size() == kEvents - 1);
  CHECK(std::is_sorted(checked.begin(), checked.end()));
  CHECK(std::adjacent_find(checked.begin(), checked.end()) == checked.end());
  // Events added after it are not part of the sweep.
  pending.add(event_number(kEvents), expiry_of(kEvents), {});
  CHECK(!pending.next_to_check());
  pending.all_changed();
  int again = 0;
  while (pending.next_to_check()) ++again;
  CHECK(again == kEvents - 1);  // the kEvents - 2 left of the first ones, and the new one
}

TEST_CASE("an event whose check found no parent is checked again at the next change of its object", "[pending]") {
  PendingEvents pending;
  pending.add(event_number(0), 5000, {7});
  pending.add(event_number(1), 5000, {7});
  pending.changed(7);
  pending.changed(7);  // both are queued already
  auto first = pending.next_to_check();
  REQUIRE(first);
  CHECK(*first == 0);
  check_is_number(pending.take(*first), 0);  // its check found a parent
  pending.changed(7);                        // event 1 is still queued: nothing new
  auto second = pending.next_to_check();
  REQUIRE(second);
  CHECK(*second == 1);  // its check finds no parent: kept
  CHECK(!pending.next_to_check());
  pending.changed(7);  // checked again at the next change
  auto again = pending.next_to_check();
  REQUIRE(again);
  CHECK(*again == 1);
  CHECK(!pending.next_to_check());
}

TEST_CASE("a change of an object whose pending events are all queued does not read its list again", "[pending]") {
  // A burst on one object (55,000 events on one Pod took 34 s when every span stored under it
  // listed all of its pending events again): each taken event's span changes the object.
  PendingEvents pending;
  const int events = 5000;
  for (int i = 0; i < events; ++i) pending.add(event_number(i), 5000, {7});
  pending.changed(7);
  int taken = 0;
  while (auto order = pending.next_to_check()) {
    check_is_number(pending.take(*order), taken++);
    pending.changed(7);  // as the correlator does when it stores the span under the object
  }
  CHECK(taken == events);
  CHECK(pending.empty());
  CHECK(pending.lists_read() == 1);  // the first change only: every later one found all queued
}
