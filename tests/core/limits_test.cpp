// The memory limits of Settings (fuzz/README.md, "Limits"): each one, reached with a small
// setting, is counted under its reason with bounded state and no event lost; the defaults
// change nothing. Inputs are SYNTHETIC JSON lines unless they name a fixture.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "cli_options.hpp"
#include "test_support.hpp"

using namespace kspan;
using namespace kspan::test;
using nlohmann::json;

namespace {

constexpr const char* kSecond = "2023-11-14T22:13:";  // + two digits and "Z"

std::string at(int second) { return kSecond + std::string(second < 10 ? "0" : "") + std::to_string(second) + "Z"; }

// One core/v1 Event line about a Pod.
std::string pod_event(const std::string& uid, const std::string& pod, int second, const std::string& component = "kubelet",
                      const std::string& message = "m") {
  return json{{"apiVersion", "v1"},
              {"kind", "Event"},
              {"metadata", {{"name", pod + "." + uid}, {"namespace", "d"}, {"uid", uid}}},
              {"involvedObject", {{"kind", "Pod"}, {"name", pod}, {"namespace", "d"}}},
              {"reason", "Pulled"},
              {"message", message},
              {"source", {{"component", component}}},
              {"lastTimestamp", at(second)}}
             .dump() +
         "\n";
}

// A Pod line, owned (controller) by the Pods named in `owners`.
std::string pod_object(const std::string& name, const std::vector<std::string>& owners = {}) {
  json refs = json::array();
  for (const auto& owner : owners)
    refs.push_back({{"apiVersion", "v1"}, {"kind", "Pod"}, {"name", owner}, {"uid", "u-" + owner}, {"controller", true}});
  return json{{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"namespace", "d"}, {"uid", "u-" + name}, {"ownerReferences", refs}}}}
             .dump() +
         "\n";
}

uint64_t limited(const Result& r, const std::string& reason) {
  auto it = r.counters.limited.find(reason);
  return it == r.counters.limited.end() ? 0 : it->second.count;
}

uint64_t events_emitted(const Counters& c) {
  uint64_t n = 0;
  for (const auto& [rule, count] : c.parent_rules) n += count;
  return n;
}

Settings unlimited() {
  Settings s = test_settings();
  s.max_pending_events = s.max_objects = s.max_resources = s.max_owner_depth = SIZE_MAX;
  return s;
}

}  // namespace

TEST_CASE("limits: the defaults change nothing on the fixtures", "[limits]") {
  for (const char* name : {"kspan/deployment-2-pods.capture.yaml", "kspan/deployment-update.capture.yaml"}) {
    CAPTURE(name);
    const Result with_defaults = run({fixture_source(name)});
    const Result without = run({fixture_source(name)}, unlimited());
    CHECK(with_defaults.otlp == without.otlp);
    CHECK(with_defaults.counters.limited.empty());
  }
}

TEST_CASE("limits: past max_pending_events the oldest pending event is resolved early, counted", "[limits]") {
  // Ten standalone Pods with one event each in one second: each waits for its window, then
  // gets a Pod.Activity root. The oldest resolved early ends the same way.
  std::string input;
  for (int i = 0; i < 10; ++i) input += pod_event("e" + std::to_string(i), "p" + std::to_string(i), 1);
  Settings small = test_settings();
  small.max_pending_events = 3;
  const Result limited_run = run({{"events.json", input}}, small);
  const Result normal = run({{"events.json", input}});
  CHECK(limited(limited_run, "pending-limit") == 7);
  CHECK(limited(normal, "pending-limit") == 0);
  CHECK(events_emitted(limited_run.counters) == 10);  // no event lost
  CHECK(canonical_tree(limited_run.tree) == canonical_tree(normal.tree));
  const auto& example = limited_run.counters.limited.at("pending-limit").examples.front();
  CHECK(example.where.source == "events.json");
  CHECK(example.where.line == 1);  // the first event read is the oldest
}

TEST_CASE("limits: live, pending events never exceed max_pending_events", "[limits][live]") {
  Settings small = test_settings();
  small.live = true;
  small.max_pending_events = 2;
  struct Discard : SpanSink {
    void on_span(const Span&, const Resource&) override {}
  } sink;
  Engine engine(small, sink);
  engine.begin_source("stream");
  uint64_t most = 0;
  for (int i = 0; i < 20; ++i) {
    engine.push(pod_event("e" + std::to_string(i), "p" + std::to_string(i), i / 4));
    engine.advance_watermark((1699999980LL + i / 4 + 4) * kNanosPerSecond);
    most = std::max(most, engine.counters().pending);
  }
  engine.end_source();
  engine.finish();
  CHECK(most <= 2);
  CHECK(engine.counters().limited.count("pending-limit") == 1);
  CHECK(events_emitted(engine.counters()) == 20);
}

TEST_CASE("limits: past max_objects an observation is not kept, counted; events still get spans", "[limits]") {
  std::string input;
  for (int i = 0; i < 6; ++i) input += pod_object("p" + std::to_string(i));
  input += pod_object("child", {"owner-a", "owner-b"});  // the graph is full: neither owner is added
  input += pod_event("e1", "child", 1);
  input += pod_event("e2", "unseen", 2);  // a new object for an event: always made
  Settings small = test_settings();
  small.max_objects = 4;
  const Result r = run({{"objects.json", input}}, small);
  CHECK(limited(r, "object-limit") == 3);  // p4, p5, child
  CHECK(r.counters.objects_held == 6);     // p0..p3, and `child` and `unseen` named by events
  CHECK(events_emitted(r.counters) == 2);
  const auto& examples = r.counters.limited.at("object-limit").examples;
  CHECK(examples.front().where.object == "d/p4");
  CHECK(examples.front().where.source == "objects.json");  // the record's file and line
  CHECK(examples.front().where.line > 1);
  // Without the limit, child's owners are known: the root is synthesised on an owner.
  const Result normal = run({{"objects.json", input}});
  CHECK(limited(normal, "object-limit") == 0);
  CHECK(normal.tree.find("Pod.Activity d/owner-a") != std::string::npos);
  CHECK(r.tree.find("Pod.Activity d/child") != std::string::npos);
}

TEST_CASE("limits: past max_objects the ownerReferences that would add an object are left out", "[limits]") {
  const std::string input = pod_object("p0") + pod_object("p1") + pod_object("child", {"p0", "new-owner"}) +
                            pod_event("e1", "child", 1);
  Settings small = test_settings();
  small.max_objects = 3;  // p0, p1, child: full before new-owner
  const Result r = run({{"objects.json", input}}, small);
  CHECK(limited(r, "object-limit") == 1);
  CHECK(r.counters.limited.at("object-limit").examples.front().detail.find("ownerReference to Pod new-owner") !=
        std::string::npos);
  CHECK(r.tree.find("Pod.Activity d/p0") != std::string::npos);  // the owner that was known is kept
}

TEST_CASE("limits: past max_resources spans go to one overflow resource, counted", "[limits]") {
  std::string input;
  for (int i = 0; i < 5; ++i) input += pod_event("e" + std::to_string(i), "p", 1 + i, "component-" + std::to_string(i));
  Settings small = test_settings();
  small.max_resources = 2;
  const Result r = run({{"events.json", input}}, small);
  const json otlp = json::parse(r.otlp);
  std::vector<std::string> services;
  for (const auto& rs : otlp["resourceSpans"])
    for (const auto& attribute : rs["resource"]["attributes"])
      if (attribute["key"] == "service.name") services.push_back(attribute["value"]["stringValue"]);
  CHECK(services.size() == 3);  // two, and the overflow resource
  CHECK(std::count(services.begin(), services.end(), "kspan-resource-limit") == 1);
  CHECK(limited(r, "resource-limit") > 0);
  CHECK(events_emitted(r.counters) == 5);
  CHECK(limited(run({{"events.json", input}}), "resource-limit") == 0);
}

TEST_CASE("limits: an owner chain longer than max_owner_depth is followed that far, counted", "[limits]") {
  // o0 owned by o1 owned by ... o49: the root belongs on o49; with a limit of 10, on o10.
  std::string input;
  for (int i = 0; i < 50; ++i) input += pod_object("o" + std::to_string(i), {"o" + std::to_string(i + 1)});
  input += pod_event("e1", "o0", 1);
  Settings small = test_settings();
  small.max_owner_depth = 10;
  const Result r = run({{"chain.json", input}}, small);
  const Result normal = run({{"chain.json", input}});
  INFO(r.tree);
  CHECK(r.tree.find("Pod.Activity d/o10") != std::string::npos);
  CHECK(normal.tree.find("Pod.Activity d/o50") != std::string::npos);
  CHECK(limited(r, "owner-depth-limit") == 2);  // the depth in the order key, and the walk up
  CHECK(limited(normal, "owner-depth-limit") == 0);
}

TEST_CASE("limits: a long owner chain stays fast with the default limit", "[limits]") {
  std::string input;
  for (int i = 0; i < 5000; ++i) input += pod_object("o" + std::to_string(i), {"o" + std::to_string(i + 1)});
  for (int i = 0; i < 200; ++i) input += pod_event("e" + std::to_string(i), "o" + std::to_string(i), 1 + i % 50);
  const Result r = run({{"chain.json", input}});
  CHECK(limited(r, "owner-depth-limit") > 0);
  CHECK(events_emitted(r.counters) == 200);
}

TEST_CASE("limits: the CLI flags set the limits and refuse bad values", "[limits][cli]") {
  Settings settings;
  const auto flags = cli::limit_flags(settings);
  cli::parse_args({"--max-pending-events", "7", "--max-objects=8", "--max-resources", "9", "--max-owner-depth", "10"},
                  flags);
  CHECK(settings.max_pending_events == 7);
  CHECK(settings.max_objects == 8);
  CHECK(settings.max_resources == 9);
  CHECK(settings.max_owner_depth == 10);
  CHECK_THROWS_AS(cli::parse_args({"--max-objects", "-1"}, flags), cli::UsageError);
  CHECK_THROWS_AS(cli::parse_args({"--max-objects", "1e6"}, flags), cli::UsageError);
  CHECK_THROWS_AS(cli::parse_args({"--max-owner-depth", "0"}, flags), cli::UsageError);
  CHECK_THROWS_AS(cli::parse_args({"--max-resources", "99999999999999999999999"}, flags), cli::UsageError);
  CHECK(cli::format_flags(flags).find("--max-objects N") != std::string::npos);
}
