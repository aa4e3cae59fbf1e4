// The occurrence index finds an occurrence by its hash, checked by the caller, and keeps
// occurrences whose hashes collide apart.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "occurrence_index.hpp"

using namespace kspan;

namespace {
// Every occurrence gets the same hash: each add after the first is a collision.
uint64_t same_hash(std::string_view, int64_t) { return 42; }

// What a caller keeps: the occurrence's own key, to check a hit against.
struct Kept {
  std::string uid;
  int64_t count;
  int value;
};

auto is(std::string_view uid, int64_t count) {
  return [uid, count](const Kept& kept) { return kept.uid == uid && kept.count == count; };
}
}  // namespace

TEST_CASE("occurrences are found by uid and count, and only by them", "[occurrence]") {
  OccurrenceIndex<Kept> index;
  index.add("a", 1, {"a", 1, 10});
  index.add("a", 2, {"a", 2, 20});
  index.add("b", 1, {"b", 1, 30});
  REQUIRE(index.find("a", 1, is("a", 1)) != nullptr);
  CHECK(index.find("a", 1, is("a", 1))->value == 10);
  CHECK(index.find("a", 2, is("a", 2))->value == 20);
  CHECK(index.find("b", 1, is("b", 1))->value == 30);
  CHECK(index.find("b", 2, is("b", 2)) == nullptr);
  CHECK(index.find("c", 0, is("c", 0)) == nullptr);
  index.find("a", 1, is("a", 1))->value = 11;  // the caller updates in place
  CHECK(index.find("a", 1, is("a", 1))->value == 11);
  CHECK(index.size() == 3);
  index.clear();
  CHECK(index.find("a", 1, is("a", 1)) == nullptr);
}

TEST_CASE("occurrences whose hashes collide stay apart", "[occurrence]") {
  OccurrenceIndex<Kept> index(same_hash);
  index.add("first", 1, {"first", 1, 1});
  CHECK(index.find("second", 1, is("second", 1)) == nullptr);  // same hash, not the same occurrence
  index.add("second", 1, {"second", 1, 2});
  index.add("third", 7, {"third", 7, 3});
  REQUIRE(index.find("first", 1, is("first", 1)) != nullptr);
  REQUIRE(index.find("second", 1, is("second", 1)) != nullptr);
  REQUIRE(index.find("third", 7, is("third", 7)) != nullptr);
  CHECK(index.find("first", 1, is("first", 1))->value == 1);
  CHECK(index.find("second", 1, is("second", 1))->value == 2);
  CHECK(index.find("third", 7, is("third", 7))->value == 3);
  CHECK(index.find("third", 8, is("third", 8)) == nullptr);
  index.find("second", 1, is("second", 1))->value = 22;
  CHECK(index.find("second", 1, is("second", 1))->value == 22);
  CHECK(index.size() == 3);
}

TEST_CASE("the occurrence hash tells apart uids, counts and lengths", "[occurrence]") {
  CHECK(occurrence_hash("3f0e0b52-6a4c-4f5e-9d0a-0123456789ab", 1) !=
        occurrence_hash("3f0e0b52-6a4c-4f5e-9d0a-0123456789ab", 2));
  CHECK(occurrence_hash("abc", 0) != occurrence_hash(std::string_view("abc\0", 4), 0));
  CHECK(occurrence_hash("", 0) != occurrence_hash("", 1));
  CHECK(occurrence_hash("12345678", 0) != occurrence_hash("12345679", 0));
  std::map<uint64_t, int> seen;
  for (int i = 0; i < 100000; ++i) ++seen[occurrence_hash("uid-" + std::to_string(i), i % 3)];
  CHECK(seen.size() == 100000);
}
