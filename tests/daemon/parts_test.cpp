// The daemon's small parts: times, backoff, envelopes, event fields, groups of kinds, the
// record queue, the API client against the simulator (TLS, tokens, pagination, watches).
#include <catch2/catch.hpp>
#include <thread>

#include "api_client.hpp"
#include "api_resource.hpp"
#include "api_simulator.hpp"
#include "backoff.hpp"
#include "clock.hpp"
#include "envelope.hpp"
#include "event_fields.hpp"
#include "json_member.hpp"
#include "pruned_json.hpp"
#include "record_queue.hpp"
#include "replay_support.hpp"
#include "status_server.hpp"

using namespace kspan::daemon;
using nlohmann::json;

namespace {

bool wait_for(const std::function<bool()>& done) {
  for (int i = 0; i < 200 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return done();
}

}  // namespace

TEST_CASE("times: RFC 3339 with nanoseconds both ways", "[daemon][parts]") {
  CHECK(parse_rfc3339("2021-05-19T09:42:58Z") == 1621417378LL * 1'000'000'000);
  CHECK(parse_rfc3339("2021-05-19T09:42:58.640117041Z") == 1621417378640117041LL);
  CHECK(parse_rfc3339("2021-05-19T11:42:58+02:00") == 1621417378LL * 1'000'000'000);
  CHECK_FALSE(parse_rfc3339("2021-05-19 nonsense"));
  CHECK_FALSE(parse_rfc3339("null"));
  CHECK(rfc3339_ns(1621417378640117041LL) == "2021-05-19T09:42:58.640117041Z");
  CHECK(rfc3339_seconds(1621417378640117041LL) == "2021-05-19T09:42:58Z");
}

TEST_CASE("backoff doubles up to its maximum, with jitter in the upper half", "[daemon][parts]") {
  Backoff b(std::chrono::milliseconds(100), std::chrono::milliseconds(1000), 42);
  int64_t expected[] = {100, 200, 400, 800, 1000, 1000};
  for (int64_t d : expected) {
    const auto wait = b.next().count();
    CHECK(wait >= d / 2);
    CHECK(wait <= d);
  }
  b.reset();
  CHECK(b.next().count() <= 100);
}

TEST_CASE("envelopes: observedAt appended to the line as sent", "[daemon][parts]") {
  auto line = with_observed_at(R"({"type":"ADDED","object":{"kind":"Event"}})", 1621417378640117041LL);
  REQUIRE(line);
  CHECK(*line == "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Event\"},\"observedAt\":\"2021-05-19T09:42:58.640117041Z\"}\n");
  CHECK_FALSE(with_observed_at("not json", 0));
  CHECK(envelope("ADDED", json{{"a", 1}}, std::nullopt) == "{\"type\":\"ADDED\",\"object\":{\"a\":1}}\n");
}

TEST_CASE("event fields of both APIs, last time as the spec says", "[daemon][parts]") {
  json core{{"metadata", {{"namespace", "ns"}}}, {"involvedObject", {{"kind", "Pod"}, {"apiVersion", "v1"}}},
            {"reason", "Pulled"}, {"lastTimestamp", "null"}, {"firstTimestamp", "2021-05-19T09:42:58Z"}};
  EventFields f = event_fields(core);
  CHECK(f.involved.kind == "Pod");
  CHECK(f.type == "Normal");
  CHECK(f.last_ns == parse_rfc3339("2021-05-19T09:42:58Z"));
  json v1{{"apiVersion", "events.k8s.io/v1"}, {"regarding", {{"kind", "Deployment"}, {"apiVersion", "apps/v1"}, {"namespace", "x"}}},
          {"related", {{"kind", "ReplicaSet"}}}, {"series", {{"lastObservedTime", "2021-05-19T09:43:00.5Z"}}}, {"type", "Warning"}};
  f = event_fields(v1);
  CHECK(f.involved.kind == "Deployment");
  CHECK(f.namespace_name == "x");
  REQUIRE(f.related);
  CHECK(f.last_ns == parse_rfc3339("2021-05-19T09:43:00.5Z"));
  CHECK(group_of("extensions/v1beta1", "Deployment") == "apps");
  CHECK(group_of("v1", "Pod").empty());
  CHECK(group_of("example.com/v1", "Widget") == "example.com");
}

TEST_CASE("record queue: bounded, closed releases producers", "[daemon][parts]") {
  RecordQueue q(1);
  CHECK(q.push(Record{"a\n"}));
  std::thread producer([&] { CHECK_FALSE(q.push(Record{"b\n"})); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  q.close();
  producer.join();
  auto r = q.try_pop();
  REQUIRE(r);
  CHECK(r->text == "a\n");
  CHECK_FALSE(q.try_pop());
  std::string host;
  int port = 0;
  CHECK(split_address("127.0.0.1:9090", host, port));
  CHECK((host == "127.0.0.1" && port == 9090));
  CHECK(split_address(":8080", host, port));
  CHECK(host == "0.0.0.0");
  CHECK_FALSE(split_address("nonsense", host, port));
}

TEST_CASE("members of the server's JSON of another type read as absent, without throwing", "[daemon][parts]") {
  const json doc = json::parse(R"({"type": 5, "code": "410", "message": "m", "n": 410})");
  CHECK(string_member(doc, "type").empty());
  CHECK(string_member(doc, "message") == "m");
  CHECK(integer_member(doc, "code") == 0);
  CHECK(integer_member(doc, "n") == 410);
  CHECK(string_member(json::array({1}), "type").empty());
}

TEST_CASE("record queue: bounded in bytes too; a record over the budget goes in alone", "[daemon][parts]") {
  RecordQueue q(100, 10);
  CHECK(q.push(Record{"123456\n"}));  // 7 bytes
  CHECK(q.bytes() == 7);
  std::atomic<bool> second_in{false};
  std::thread producer([&] {
    CHECK(q.push(Record{"abcdef\n"}));  // 14 > 10: waits for room
    second_in = true;
    CHECK(q.push(Record{std::string(50, 'x')}));  // larger than the budget: waits for an empty queue
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK_FALSE(second_in);
  CHECK(q.try_pop()->text == "123456\n");
  REQUIRE(wait_for([&] { return q.size() == 1 && second_in; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(q.size() == 1);  // the big one still waits
  CHECK(q.try_pop()->text == "abcdef\n");
  REQUIRE(wait_for([&] { return q.size() == 1; }));
  CHECK(q.bytes() == 50);
  producer.join();
  CHECK(q.try_pop()->text.size() == 50);
  CHECK(q.bytes() == 0);
}

TEST_CASE("envelopes: an object from its metadata's text, kind and apiVersion put back", "[daemon][parts]") {
  const std::string line =
      R"({"type":"MODIFIED","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"p","ownerReferences":[{"kind":"ReplicaSet","name":"rs"}]}}})";
  const auto metadata = member_text(line, {"object", "metadata"});
  REQUIRE(metadata);
  CHECK(*metadata == R"({"name":"p","ownerReferences":[{"kind":"ReplicaSet","name":"rs"}]})");
  const std::string text = metadata_envelope("MODIFIED", "v1", "Pod", *metadata, parse_rfc3339("2024-01-02T03:04:05Z").value());
  CHECK(text.back() == '\n');
  CHECK(json::parse(text) == json::parse(R"({"type":"MODIFIED","object":{"apiVersion":"v1","kind":"Pod",
        "metadata":{"name":"p","ownerReferences":[{"kind":"ReplicaSet","name":"rs"}]}},
        "observedAt":"2024-01-02T03:04:05.000000000Z"})"));
}

TEST_CASE("API client against the simulator: TLS, tokens, pages, watch lines", "[daemon][parts]") {
  kspan::exporter::test::TestCertificates certs;
  test::ApiSimulator sim({certs.server_certificate, certs.server_key});
  for (int i = 0; i < 5; ++i)
    sim.apply(json{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "p" + std::to_string(i)}, {"namespace", "a"}}}});
  ClusterConfig c;
  c.server = sim.server();
  c.ca_file = certs.ca;
  c.token = "test-token";
  ApiClient client(c, "test");
  ApiResponse page = client.get("/api/v1/pods?limit=2");
  REQUIRE(page.status == 200);
  json list = json::parse(page.body);
  CHECK(list["items"].size() == 2);
  CHECK(list["metadata"].contains("continue"));
  CHECK(json::parse(client.get("/api/v1/pods", kAcceptMetadataList).body)["items"][0]["kind"] == "PartialObjectMetadata");

  c.token = "wrong";
  CHECK(ApiClient(c, "test").get("/api/v1/pods").status == 401);
  c.token = "test-token";
  c.ca_file = certs.other_ca;
  CHECK(ApiClient(c, "test").get("/api/v1/pods").status == 0);  // certificate not trusted

  std::atomic<bool> stop{false};
  std::vector<std::string> lines;
  std::thread add([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    sim.apply(json{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "late"}, {"namespace", "a"}}}});
  });
  ApiResponse watched = client.stream(
      "/api/v1/pods?watch=1&resourceVersion=" + list["metadata"]["resourceVersion"].get<std::string>(), kAcceptJson,
      [&](std::string_view line) {
        lines.emplace_back(line);
        return false;  // one is enough
      },
      stop, std::chrono::seconds(10));
  add.join();
  REQUIRE(lines.size() == 1);
  CHECK(json::parse(lines[0])["object"]["metadata"]["name"] == "late");
}
