// kspan-gen: deterministic, exact event counts, every format readable by the core, sizes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "generate.hpp"
#include "kspan/engine.hpp"
#ifdef KSPAN_BENCH_YAML
#include "yaml_to_json.hpp"
#endif

using namespace kspan::gen;

namespace {

GenOptions options(Format f, uint64_t events, uint64_t seed = 3) {
  GenOptions o;
  o.events = events;
  o.seed = seed;
  o.format = f;
  o.pretty = f == Format::ListJson;
  return o;
}

struct Counting : kspan::SpanSink {
  uint64_t spans = 0;
  void on_span(const kspan::Span&, const kspan::Resource&) override { ++spans; }
};

// What the core reads from the bytes.
kspan::Counters read_with_core(const std::string& text, bool yaml = false) {
  Counting sink;
#ifdef KSPAN_BENCH_YAML
  kspan::cli::YamlToJson convert;
  kspan::Engine engine(kspan::Settings{}, sink, yaml ? &convert : nullptr);
#else
  (void)yaml;
  kspan::Engine engine(kspan::Settings{}, sink);
#endif
  engine.push(text);
  engine.finish();
  return engine.counters();
}

uint64_t truth_lines(const std::string& truth) {
  uint64_t n = 0;
  std::istringstream in(truth);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') ++n;
  return n;
}

}  // namespace

TEST_CASE("the same seed gives the same bytes and the same truth; another seed does not", "[gen]") {
  std::string t1, t2, t3;
  const std::string a = generate_to_string(options(Format::ListJson, 3000), &t1);
  const std::string b = generate_to_string(options(Format::ListJson, 3000), &t2);
  const std::string c = generate_to_string(options(Format::ListJson, 3000, 4), &t3);
  CHECK(a == b);
  CHECK(t1 == t2);
  CHECK(a != c);
}

TEST_CASE("a List JSON holds exactly the events asked for, objects mixed in, and parses", "[gen]") {
  std::string truth;
  const std::string text = generate_to_string(options(Format::ListJson, 5000), &truth);
  const auto list = nlohmann::json::parse(text);
  REQUIRE(list["kind"] == "List");
  uint64_t events = 0, objects = 0, owned = 0, with_spec_entry = 0;
  for (const auto& item : list["items"]) {
    if (item["kind"] == "Event") {
      ++events;
      continue;
    }
    ++objects;
    const auto& md = item["metadata"];
    if (md.contains("ownerReferences")) ++owned;
    for (const auto& m : md["managedFields"])
      if (m["manager"] == "kubectl-client-side-apply" && m["fieldsV1"].contains("f:spec")) ++with_spec_entry;
  }
  CHECK(events == 5000);
  CHECK(objects > 100);
  CHECK(owned > 50);
  CHECK(with_spec_entry > 10);
  CHECK(truth_lines(truth) == 5000);
  const auto counters = read_with_core(text);
  CHECK(counters.events == 5000);
  CHECK(counters.skipped.empty());
}

TEST_CASE("the events are realistic: repeated counts, warnings, the controllers' messages", "[gen]") {
  const auto list = nlohmann::json::parse(generate_to_string(options(Format::ListJson, 20000)));
  std::map<std::string, uint64_t> reasons;
  uint64_t repeated = 0, warnings = 0, series = 0;
  for (const auto& item : list["items"]) {
    if (item["kind"] != "Event") continue;
    reasons[item["reason"].get<std::string>()]++;
    if (item.contains("count") && item["count"].is_number() && item["count"].get<int>() > 1) ++repeated;
    if (item.contains("series")) ++series;
    if (item["type"] == "Warning") ++warnings;
  }
  for (const char* r : {"ScalingReplicaSet", "SuccessfulCreate", "SuccessfulDelete", "Scheduled", "Pulling", "Pulled",
                        "Created", "Started", "Killing", "BackOff", "Failed", "FailedScheduling", "SawCompletedJob",
                        "Completed", "SuccessfulRescale", "NodeNotReady", "NodeReady", "Rebooted", "Unhealthy"})
    CHECK(reasons[r] > 0);
  CHECK(repeated > 20);
  CHECK(warnings > 20);
  CHECK(series > 0);
}

TEST_CASE("JSON lines and watch envelopes: one record per line, every occurrence of an event", "[gen]") {
  for (Format f : {Format::JsonLines, Format::Watch}) {
    std::string truth;
    const std::string text = generate_to_string(options(f, 4000), &truth);
    std::istringstream in(text);
    uint64_t lines = 0, events = 0;
    std::string previous_observed;
    bool ordered = true;
    for (std::string line; std::getline(in, line);) {
      ++lines;
      const auto record = nlohmann::json::parse(line);
      const auto& object = f == Format::Watch ? record["object"] : record;
      if (object["kind"] == "Event") ++events;
      if (f == Format::Watch) {
        REQUIRE(record.contains("observedAt"));
        const std::string observed = record["observedAt"];
        if (observed < previous_observed) ordered = false;  // RFC 3339 with nanoseconds sorts as text
        previous_observed = observed;
      }
    }
    CHECK(events == 4000);
    CHECK(lines > events);
    CHECK(ordered);
    CHECK(truth_lines(truth) == 4000);
    const auto counters = read_with_core(text);
    CHECK(counters.events == 4000);
    CHECK(counters.skipped.empty());
  }
}

#ifdef KSPAN_BENCH_YAML
TEST_CASE("YAML is the same List: the core reads the same records from it as from JSON", "[gen]") {
  const auto yaml = read_with_core(generate_to_string(options(Format::Yaml, 3000)), true);
  const auto json = read_with_core(generate_to_string(options(Format::ListJson, 3000)));
  CHECK(yaml.events == 3000);
  CHECK(yaml.objects == json.objects);
  CHECK(yaml.skipped.empty());
  CHECK(yaml.spans == json.spans);
}
#endif

TEST_CASE("a size instead of a count: about the size asked for", "[gen]") {
  GenOptions o = options(Format::ListJson, 0);
  o.size = 8u << 20;
  const std::string text = generate_to_string(o);
  CHECK(text.size() > (7u << 20));
  CHECK(text.size() < (10u << 20));
}

TEST_CASE("the truth for --stream needs watch envelopes", "[gen]") {
  GenOptions o = options(Format::JsonLines, 10);
  o.stream_truth = true;
  GenStats stats;
  std::string error;
  CHECK_FALSE(generate(o, stdout, nullptr, stats, error));
  CHECK(error.find("watch") != std::string::npos);
}
