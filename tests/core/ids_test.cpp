// Span, trace and root ids are the spec's FNV-1a definitions (section 5).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "kspan/ids.hpp"
#include "test_support.hpp"

using namespace kspan;
using namespace kspan::test;

TEST_CASE("FNV-1a hashes have their published values", "[ids]") {
  CHECK(to_hex(Fnv64().digest()) == "cbf29ce484222325");
  CHECK(to_hex(Fnv64().add("a").digest()) == "af63dc4c8601ec8c");
  CHECK(to_hex(Fnv64().add("foobar").digest()) == "85944171f73967e8");
  CHECK(to_hex(Fnv128().digest()) == "6c62272e07bb014262b821756295c58d");
  CHECK(to_hex(Fnv128().add("a").digest()) == "d228cb696f1a8caf78912b704e4a8964");
}

TEST_CASE("little-endian integers are hashed as 8 bytes", "[ids]") {
  CHECK(to_hex(Fnv64().add_le64(0x0102030405060708ULL).digest()) ==
        to_hex(Fnv64().add(std::string("\x08\x07\x06\x05\x04\x03\x02\x01", 8)).digest()));
}

namespace {
const nlohmann::json* find_span(const nlohmann::json& otlp, const std::string& name, const std::string& message) {
  for (const auto& resource : otlp["resourceSpans"])
    for (const auto& scope : resource["scopeSpans"])
      for (const auto& span : scope["spans"]) {
        if (span["name"] != name) continue;
        for (const auto& attribute : span["attributes"])
          if (attribute["key"] == "k8s.event.message" && attribute["value"]["stringValue"] == message) return &span;
        if (message.empty()) return &span;
      }
  return nullptr;
}
}  // namespace

TEST_CASE("event span ids are FNV-1a 64 of the uid and the decimal count", "[ids]") {
  const Result result = run({fixture_source("kspan/deployment-2-pods.capture.yaml")});
  const auto otlp = nlohmann::json::parse(result.otlp);
  const auto* span = find_span(otlp, "Deployment.ScalingReplicaSet", "Scaled up replica set px-5d567cc74c to 1");
  REQUIRE(span != nullptr);
  // uid e8acdb85-... with count 1 (the fixture's first event).
  CHECK((*span)["spanId"] == to_hex(Fnv64().add("e8acdb85-7a28-4ce1-9c5d-1d89467a17b6").add("1").digest()));
}

TEST_CASE("a root from a spec change hashes the object key and the change's time", "[ids]") {
  const Result result = run({fixture_source("kspan/deployment-2-pods.capture.yaml")});
  const auto otlp = nlohmann::json::parse(result.otlp);
  const auto* root = find_span(otlp, "Deployment.Update", "");
  REQUIRE(root != nullptr);
  // The Deployment px: uid 71c42017-..., generation 3 at capture, f:spec changed 2021-05-19T09:42:58Z.
  std::string key = "71c42017-61a7-418e-8e2c-897cf237d6e3";
  uint64_t generation = 0;
  for (const auto& attribute : (*root)["attributes"])
    if (attribute["key"] == "k8s.object.generation") generation = std::stoull(attribute["value"]["intValue"].get<std::string>());
  REQUIRE(generation > 0);
  const uint64_t changed = 1621417378;  // 2021-05-19T09:42:58Z
  CHECK((*root)["spanId"] == to_hex(Fnv64().add(key).add_le64(generation).add_le64(changed).digest()));
  CHECK((*root)["traceId"] == to_hex(Fnv128().add(key).add_le64(generation).add_le64(changed).digest()));
  CHECK(!root->contains("parentSpanId"));
}

TEST_CASE("every span of a trace shares the root's trace id and has a parent in it", "[ids]") {
  const Result result = run({fixture_source("kspan/deployment-2-pods.capture.yaml")});
  const auto otlp = nlohmann::json::parse(result.otlp);
  std::map<std::string, std::string> trace_of;
  std::vector<std::pair<std::string, std::string>> parents;
  for (const auto& resource : otlp["resourceSpans"])
    for (const auto& span : resource["scopeSpans"][0]["spans"]) {
      trace_of[span["spanId"]] = span["traceId"];
      if (span.contains("parentSpanId")) parents.push_back({span["spanId"], span["parentSpanId"]});
    }
  CHECK(trace_of.size() == 20);
  for (const auto& [child, parent] : parents) {
    REQUIRE(trace_of.count(parent) == 1);
    CHECK(trace_of[child] == trace_of[parent]);
  }
}
