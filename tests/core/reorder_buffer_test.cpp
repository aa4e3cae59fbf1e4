// The reorder buffer (spec 1.2): each released second reaches the correlator in the order key,
// in live mode (one event unpacked at a time) as in replay (a second unpacked at once); live
// mode's occurrences are 128-bit hashes (LiveOccurrences), and a second record of one is still
// skipped and counted. Events built here are SYNTHETIC.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "correlator.hpp"
#include "event_router.hpp"
#include "occurrence_index.hpp"
#include "owner_graph.hpp"
#include "reorder_buffer.hpp"

using namespace kspan;

namespace {

constexpr int64_t kBase = 1699999200;  // 2023-11-14T22:00:00Z

struct NoSpans : SpanSink {
  size_t spans = 0;
  void on_span(const Span&, const Resource&) override { ++spans; }
};

// The correlator's and the reorder buffer's surroundings, as the engine builds them.
struct Stage {
  Settings settings;
  Counters counters;
  OwnerGraph graph;
  NoSpans sink;
  Correlator correlator;
  ReorderBuffer reorder;
  // (uid, count, late) of each event handed to the correlator, in that order.
  std::vector<std::tuple<std::string, int64_t, bool>> handed;
  // Each event's order key as the test computes it, with its uid kept.
  std::vector<std::tuple<int64_t, int, int64_t, uint64_t, std::string, int64_t>> keys;

  explicit Stage(bool live)
      : settings(make_settings(live)),
        graph(settings, counters),
        correlator(settings, graph, counters, sink),
        reorder(settings, graph, correlator, counters) {
    reorder.observe_releases([this](const RoutedEvent& routed) {
      const Event& e = routed.event;
      handed.emplace_back(e.uid, count_or_zero(e), e.late);
      keys.emplace_back(floor_second(e.effective_ns), graph.depth(routed.involved), e.effective_ns, e.resource_version,
                        e.uid, count_or_zero(e));
    });
  }
  static Settings make_settings(bool live) {
    Settings s;
    s.version = "test";
    s.live = live;
    return s;
  }

  // A Deployment owning a ReplicaSet owning a Pod: depths 0, 1, 2.
  void observe_owners() {
    const auto observe = [this](const std::string& kind, const std::string& name, const std::string& uid,
                                const std::string& owner_kind, const std::string& owner_name, const std::string& owner_uid) {
      ObjectObservation o;
      o.ref = ObjectRef{kind == "Pod" ? "v1" : "apps/v1", kind, "default", name, uid, ""};
      if (!owner_kind.empty())
        o.owners.push_back(OwnerRef{ObjectRef{"apps/v1", owner_kind, "default", owner_name, owner_uid, ""}, true});
      graph.observe(std::move(o));
    };
    observe("Deployment", "web", "d-uid", "", "", "");
    observe("ReplicaSet", "web-1", "rs-uid", "Deployment", "web", "d-uid");
    observe("Pod", "web-1-a", "pod-uid", "ReplicaSet", "web-1", "rs-uid");
  }

  // Adds an event as the engine does (live: unless it is another record of an occurrence).
  // `name`: the involved object's, when not the one observe_owners gives its kind. Many events
  // on one object make the correlator slow (each re-checks every event pending on it).
  void add(const std::string& uid, int64_t count, const std::string& kind, int64_t ms, uint64_t resource_version,
           const std::string& name = "") {
    Event e;
    e.uid = uid;
    e.count = count;
    e.name = "web." + uid;
    e.ns = "default";
    e.involved = ObjectRef{kind == "Pod" ? "v1" : "apps/v1", kind, "default",
                           !name.empty()        ? name
                           : kind == "Pod"        ? "web-1-a"
                           : kind == "ReplicaSet" ? "web-1"
                                                  : "web",
                           "", ""};
    e.reason = "Tested";
    e.message = "message of " + uid;
    e.component = "test";
    e.last_ns = kBase * kNanosPerSecond + ms * 1'000'000;
    e.effective_ns = e.last_ns;
    // No observedAt: the watermark moves only where a test moves it (an event's observedAt would
    // move it, and a shuffled batch spanning more than reorder would have late records).
    e.resource_version = resource_version;
    if (!reorder.is_new_live_occurrence(e)) return;
    reorder.add(route_event(std::move(e), graph));
  }
  void finish() {
    if (settings.live) reorder.advance_watermark((kBase + 1'000'000) * kNanosPerSecond);
    else reorder.release_all();
  }
  uint64_t skipped(const std::string& reason) const {
    auto it = counters.skipped.find(reason);
    return it == counters.skipped.end() ? 0 : it->second.count;
  }
};

// A shuffled batch spread over a few seconds whose keys tie field after field: the same second,
// depth, time and resourceVersion, then the same uid with two counts.
void add_tangled_batch(Stage& stage, unsigned seed) {
  struct Spec {
    std::string uid;
    int64_t count;
    std::string kind;
    int64_t ms;
    uint64_t rv;
  };
  std::vector<Spec> specs;
  const char* kinds[] = {"Deployment", "ReplicaSet", "Pod"};
  for (int i = 0; i < 300; ++i) {
    // uids that sort differently from their numbers, and UUIDs (packed as 16 bytes) among them
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "%08x-2c3d-4e5f-6a7b-%012x", static_cast<unsigned>(i * 2654435761u), i);
    const std::string uid = i % 3 == 0 ? "u" + std::to_string(i * 7919 % 1000) : std::string(uuid);
    specs.push_back({uid, 1 + i % 2, kinds[i % 3], 1000 * (i % 4) + (i % 5 < 2 ? 0 : 17 * (i % 11)), uint64_t(100 + i % 3)});
    if (i % 10 == 0) specs.push_back({uid, 7, kinds[i % 3], 1000 * (i % 4), 100});  // the same uid, another count
  }
  std::shuffle(specs.begin(), specs.end(), std::mt19937(seed));
  for (const Spec& s : specs) stage.add(s.uid, s.count, s.kind, s.ms, s.rv);
}

}  // namespace

TEST_CASE("reorder buffer: live releases each second in the order key, as replay does", "[reorder]") {
  for (unsigned seed : {1u, 2u, 3u}) {
    Stage live(true), replay(false);
    for (Stage* stage : {&live, &replay}) {
      stage->observe_owners();
      add_tangled_batch(*stage, seed);
      stage->finish();
    }
    REQUIRE(live.handed.size() == 330);
    CHECK(std::is_sorted(live.keys.begin(), live.keys.end()));
    CHECK(std::is_sorted(replay.keys.begin(), replay.keys.end()));
    CHECK(live.handed == replay.handed);
    // Depths were not all the same (the order key's second field was in play).
    CHECK(std::get<1>(live.keys.front()) != std::get<1>(live.keys.back()));
  }
}

TEST_CASE("reorder buffer: live releases a second as the watermark passes it, in order", "[reorder]") {
  Stage live(true);
  live.observe_owners();
  add_tangled_batch(live, 4);  // seconds 0 to 3
  // Second s is released once the watermark passes s + 1 s + reorder (2 s).
  live.reorder.advance_watermark((kBase + 3) * kNanosPerSecond + 1);
  REQUIRE(!live.handed.empty());
  for (const auto& key : live.keys) CHECK(std::get<0>(key) == kBase);
  const size_t first_second = live.handed.size();
  live.reorder.advance_watermark((kBase + 6) * kNanosPerSecond + 1);
  CHECK(live.handed.size() == 330);
  CHECK(first_second < live.handed.size());
  CHECK(std::is_sorted(live.keys.begin(), live.keys.end()));
}

TEST_CASE("reorder buffer: a busy live second is released whole and in order, and the next one too", "[reorder]") {
  Stage live(true);
  live.observe_owners();
  // 20,000 events in one second (past what release keeps between seconds), then 100 in the next.
  std::mt19937 random(7);
  for (int i = 0; i < 20'000; ++i)
    live.add("busy-" + std::to_string(random()), 1, "Pod", random() % 1000, random() % 50, "pod-" + std::to_string(i % 1000));
  for (int i = 0; i < 100; ++i) live.add("next-" + std::to_string(i), 1, "ReplicaSet", 1000 + random() % 1000, 1);
  live.finish();
  CHECK(live.handed.size() + live.skipped("duplicate-event") == 20'100);
  CHECK(live.handed.size() > 20'000);
  CHECK(std::is_sorted(live.keys.begin(), live.keys.end()));
}

TEST_CASE("reorder buffer: live, a record for a released second is handed over at once, late", "[reorder]") {
  Stage live(true);
  live.observe_owners();
  live.add("early", 1, "Pod", 0, 1);
  live.reorder.advance_watermark((kBase + 4) * kNanosPerSecond);
  REQUIRE(live.handed.size() == 1);
  CHECK(std::get<2>(live.handed[0]) == false);
  live.add("late", 1, "Pod", 500, 2);  // second 0 is released: no waiting for the watermark
  REQUIRE(live.handed.size() == 2);
  CHECK(live.handed[1] == std::make_tuple(std::string("late"), int64_t{1}, true));
  CHECK(live.counters.late == 1);
}

TEST_CASE("reorder buffer: live, a second record of an occurrence is skipped and counted, among many", "[reorder]") {
  Stage live(true);
  live.observe_owners();
  // 50,000 occurrences (the table grows several times), each recorded twice; the same uids with
  // another count are occurrences of their own.
  const auto pod = [](int i) { return "pod-" + std::to_string(i % 2000); };
  for (int i = 0; i < 50'000; ++i) live.add("uid-" + std::to_string(i), 1, "Pod", i / 50, 1, pod(i));
  for (int i = 0; i < 50'000; ++i) live.add("uid-" + std::to_string(i), 1, "Pod", i / 50, 2, pod(i));
  for (int i = 0; i < 50'000; i += 10) live.add("uid-" + std::to_string(i), 2, "Pod", i / 50, 3, pod(i));
  live.finish();
  CHECK(live.skipped("duplicate-event") == 50'000);
  CHECK(live.handed.size() == 55'000);
  CHECK(live.counters.events == 55'000);
}

TEST_CASE("reorder buffer: live occurrences older than expire_after are forgotten, recent ones kept", "[reorder]") {
  Stage live(true);
  live.observe_owners();
  // 5,000 occurrences in second 0, then the watermark far past expire_after (300 s): forgotten
  // at the next sweep (the set's size passed 4,096), so a record of one is new again.
  for (int i = 0; i < 5'000; ++i) live.add("old-" + std::to_string(i), 1, "Pod", 0, 1, "pod-" + std::to_string(i % 500));
  live.reorder.advance_watermark((kBase + 1000) * kNanosPerSecond);
  live.add("recent", 1, "Pod", 999'000, 1);
  live.reorder.advance_watermark((kBase + 1001) * kNanosPerSecond);
  live.add("old-1", 1, "Pod", 999'500, 2);    // forgotten: taken as new
  live.add("recent", 1, "Pod", 999'000, 2);   // within expire_after: a duplicate
  CHECK(live.skipped("duplicate-event") == 1);
  CHECK(live.counters.events == 5'002);
}

TEST_CASE("live occurrences: added once, found, forgotten by second, like a map", "[reorder][occurrence]") {
  LiveOccurrences set;
  CHECK(set.add("a", 1, 10));
  CHECK_FALSE(set.add("a", 1, 10));
  CHECK_FALSE(set.add("a", 1, 99));  // the same occurrence in another second: still the same
  CHECK(set.add("a", 2, 10));
  CHECK(set.add("a1", 0, 10));  // not ("a", 1) in other words
  CHECK(set.add("", 0, 10));
  CHECK(set.size() == 4);
  set.forget_before(10);
  CHECK(set.size() == 4);
  set.forget_before(11);
  CHECK(set.size() == 0);
  CHECK(set.add("a", 1, 12));
}

TEST_CASE("live occurrences: random adds and forgets agree with a map (growth, shifts on erase)", "[reorder][occurrence]") {
  LiveOccurrences set;
  std::map<std::pair<std::string, int64_t>, int64_t> reference;
  std::mt19937_64 random(11);
  int64_t second = 0;
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 3'000; ++i) {
      const std::string uid = "uid-" + std::to_string(random() % 60'000);
      const int64_t count = static_cast<int64_t>(random() % 3);
      const int64_t at = second + static_cast<int64_t>(random() % 5);
      const bool added = reference.try_emplace({uid, count}, at).second;
      REQUIRE(set.add(uid, count, at) == added);
    }
    second += 3;
    const int64_t horizon = second - static_cast<int64_t>(random() % 20);
    std::erase_if(reference, [horizon](const auto& entry) { return entry.second < horizon; });
    set.forget_before(horizon);
    REQUIRE(set.size() == reference.size());
    for (const auto& [key, at] : reference) REQUIRE(set.contains(key.first, key.second));
  }
  // Everything forgotten: the table is made small again.
  set.forget_before(INT64_MAX / kNanosPerSecond);
  CHECK(set.size() == 0);
  CHECK(set.capacity() <= 2048);
}

TEST_CASE("live occurrences: a second far from the first is never forgotten early", "[reorder][occurrence]") {
  LiveOccurrences set;
  const int64_t first = 1'700'000'000;
  set.add("now", 1, first);
  set.add("far future", 1, first + (int64_t{1} << 33));  // past 32 bits from the first: clamped
  set.add("far past", 1, first - (int64_t{1} << 33));
  set.forget_before(first);
  CHECK(set.contains("now", 1));
  CHECK(set.contains("far future", 1));
  CHECK_FALSE(set.contains("far past", 1));
  set.forget_before(first + (int64_t{1} << 32));
  CHECK(set.contains("far future", 1));  // clamped as high as any horizon this far: kept
  CHECK_FALSE(set.contains("now", 1));
}

TEST_CASE("live occurrences: the key is the 128-bit FNV-1a of the uid's length, uid and count", "[reorder][occurrence]") {
  const auto key = LiveOccurrences::key_of("abc", 5);
  const TraceId digest = Fnv128().add_le64(3).add("abc").add_le64(5).digest();
  uint64_t high = 0, low = 0;
  for (int i = 0; i < 8; ++i) {
    high = (high << 8) | digest[i];
    low = (low << 8) | digest[8 + i];
  }
  CHECK(key.high == high);
  CHECK(key.low == low);
  CHECK(!(LiveOccurrences::key_of("abc", 5) == LiveOccurrences::key_of("abc", 6)));
  CHECK(!(LiveOccurrences::key_of("ab", 5) == LiveOccurrences::key_of("abc", 5)));
}
