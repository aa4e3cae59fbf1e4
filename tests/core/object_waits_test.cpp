#include "object_waits.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <vector>

using kspan::ObjectWaits;
using kspan::ObjId;

namespace {
// Each call in an era of its own: the list is read.
std::vector<uint64_t> visited(ObjectWaits& waits, ObjId object, const std::set<uint64_t>& held) {
  static uint64_t era = 0;
  std::vector<uint64_t> out;
  waits.visit(
      object, ++era, [&](uint64_t order) { return held.count(order) != 0; },
      [&](uint64_t order) { out.push_back(order); });
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("an object's waits are visited while held, and dropped once not", "[object_waits]") {
  ObjectWaits waits;
  waits.add(7, 1);
  waits.add(7, 2);
  waits.add(3, 2);
  waits.add(7, 5);
  CHECK(waits.size() == 4);
  CHECK(visited(waits, 7, {1, 2, 5}) == std::vector<uint64_t>{1, 2, 5});
  CHECK(visited(waits, 7, {2, 5}) == std::vector<uint64_t>{2, 5});  // 1 taken: dropped
  CHECK(waits.size() == 3);
  CHECK(visited(waits, 3, {2, 5}) == std::vector<uint64_t>{2});
  CHECK(visited(waits, 4, {2, 5}).empty());      // nobody waits on it
  CHECK(visited(waits, 99999, {2, 5}).empty());  // an id never seen
}

TEST_CASE("dropped waits serve again, and a sweep lists only the objects still waited on", "[object_waits]") {
  ObjectWaits waits;
  for (uint64_t order = 0; order < 100; ++order) waits.add(static_cast<ObjId>(order % 10), order);
  const auto even = [](uint64_t order) { return order % 2 == 0; };
  waits.drop_unheld(even);
  CHECK(waits.size() == 50);
  std::vector<ObjId> objects = waits.objects();
  std::sort(objects.begin(), objects.end());
  CHECK(objects == std::vector<ObjId>{0, 2, 4, 6, 8});
  for (uint64_t order = 100; order < 150; ++order) waits.add(1, order);  // into the dropped waits' places
  CHECK(waits.size() == 100);
  std::set<uint64_t> all;
  for (uint64_t order = 0; order < 150; ++order) all.insert(order);
  CHECK(visited(waits, 1, all).size() == 50);
  CHECK(visited(waits, 4, all) == std::vector<uint64_t>{4, 14, 24, 34, 44, 54, 64, 74, 84, 94});
}

TEST_CASE("after a burst the pool is compacted and every list survives whole", "[object_waits]") {
  ObjectWaits waits;
  const uint64_t burst = 100000;
  for (uint64_t order = 0; order < burst; ++order) waits.add(static_cast<ObjId>(order % 1000), order);
  const auto kept = [](uint64_t order) { return order % 100 == 0; };  // 1% stays
  waits.drop_unheld(kept);
  CHECK(waits.size() == burst / 100);
  std::set<uint64_t> held;
  for (uint64_t order = 0; order < burst; order += 100) held.insert(order);
  std::vector<uint64_t> seen;
  for (ObjId object : waits.objects()) {
    const auto orders = visited(waits, object, held);
    for (uint64_t order : orders) CHECK(order % 1000 == object);
    seen.insert(seen.end(), orders.begin(), orders.end());
  }
  std::sort(seen.begin(), seen.end());
  CHECK(seen == std::vector<uint64_t>(held.begin(), held.end()));
  for (uint64_t order = burst; order < burst + 10; ++order) waits.add(5, order);  // still usable
  CHECK(waits.size() == burst / 100 + 10);
}

TEST_CASE("a visit in the era of the object's last one is passed over, unless a wait came since", "[object_waits]") {
  ObjectWaits waits;
  waits.add(1, 10);
  waits.add(1, 11);
  const auto held = [](uint64_t) { return true; };
  std::vector<uint64_t> seen;
  const auto see = [&](uint64_t order) { seen.push_back(order); };
  waits.visit(1, 7, held, see);
  CHECK(seen.size() == 2);
  waits.visit(1, 7, held, see);  // nothing can have changed: not read
  CHECK(seen.size() == 2);
  CHECK(waits.lists_read() == 1);
  waits.add(1, 12);  // a new wait: read again, in the same era
  waits.visit(1, 7, held, see);
  CHECK(seen.size() == 5);
  waits.visit(1, 8, held, see);  // a new era: read again
  CHECK(seen.size() == 8);
  CHECK(waits.lists_read() == 3);
}

TEST_CASE("a wait on no object is not kept", "[object_waits]") {
  ObjectWaits waits;
  waits.add(kspan::kNoObject, 1);
  CHECK(waits.size() == 0);
  CHECK(waits.objects().empty());
}
