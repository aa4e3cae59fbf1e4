// Parsing only the members a caller reads: what is kept, what is read past, bad text, and that
// event_fields sees the same on a pruned Event as on the whole one.
#include <catch2/catch.hpp>

#include "event_fields.hpp"
#include "pruned_json.hpp"

using namespace kspan::daemon;
using nlohmann::json;

TEST_CASE("pruned JSON keeps the shape's members, whole where it says true", "[daemon][parts]") {
  const JsonShape shape{{"type", true}, {"object", {{"metadata", {{"name", true}}}, {"spec", true}}}};
  const json doc = parse_pruned(
      R"({"type":"ADDED","extra":[1,{"a":2}],"object":{"kind":"Pod","metadata":{"name":"p","labels":{"x":"y"}},)"
      R"("spec":{"containers":[{"name":"c"}],"n":null},"status":{"phase":"Running"}}})",
      shape);
  CHECK(doc == json::parse(R"({"type":"ADDED","object":{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}],"n":null}}})"));
}

TEST_CASE("pruned JSON keeps arrays whole and values of every type", "[daemon][parts]") {
  const JsonShape shape{{"a", {{"list", true}, {"t", true}, {"f", true}, {"i", true}, {"u", true}, {"d", true}}}};
  const json doc = parse_pruned(R"({"a":{"list":[[1],[],{"k":[true]}],"t":true,"f":false,"i":-3,"u":7,"d":1.5,"z":{}}})", shape);
  CHECK(doc == json::parse(R"({"a":{"list":[[1],[],{"k":[true]}],"t":true,"f":false,"i":-3,"u":7,"d":1.5}})"));
}

TEST_CASE("pruned JSON: a member the shape wants as an object may be anything", "[daemon][parts]") {
  const JsonShape shape{{"m", {{"x", true}}}};
  CHECK(parse_pruned(R"({"m":"text"})", shape) == json::parse(R"({"m":"text"})"));
  CHECK(parse_pruned(R"({"m":[{"y":1}]})", shape) == json::parse(R"({"m":[{"y":1}]})"));
  CHECK(parse_pruned(R"([1,2])", shape) == json::parse("[1,2]"));
}

TEST_CASE("pruned JSON refuses broken structure, in skipped parts too", "[daemon][parts]") {
  const JsonShape shape{{"a", true}};
  CHECK(parse_pruned(R"({"a":1,"b":[1,}})", shape).is_discarded());
  CHECK(parse_pruned(R"({"a":1})"
                     " trailing",
                     shape)
            .is_discarded());
  CHECK(parse_pruned("", shape).is_discarded());
  CHECK(parse_pruned(R"({"a":1,"b":"open)", shape).is_discarded());
  CHECK(parse_pruned(R"({"a":1,"b":{"c":[}]}})", shape).is_discarded());
  CHECK(parse_pruned(R"({"a":tru})", shape).is_discarded());  // kept values are parsed in full
  CHECK(parse_pruned(R"({"b":"x\"}","a":2})", shape) == json::parse(R"({"a":2})"));  // an escaped quote
}

TEST_CASE("event fields read the same from a pruned Event as from the whole one", "[daemon][parts]") {
  const char* events[] = {
      R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"ns","uid":"u","managedFields":[{"manager":"m"}]},)"
      R"("involvedObject":{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","namespace":"ns","uid":"x"},)"
      R"("reason":"SuccessfulCreate","message":"Created pod: p","type":"Normal","lastTimestamp":"2026-01-01T00:00:03Z","count":2})",
      R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e","creationTimestamp":"2026-01-01T00:00:01Z"},)"
      R"("regarding":{"apiVersion":"v1","kind":"Pod","name":"p","namespace":"other"},"related":{"apiVersion":"v1","kind":"Node","name":"n"},)"
      R"("reason":"Scheduled","note":"assigned","series":{"count":3,"lastObservedTime":"2026-01-01T00:00:05.25Z"}})",
  };
  for (const char* text : events) {
    const EventFields whole = event_fields(json::parse(text));
    const EventFields pruned = event_fields(parse_pruned(text, event_fields_shape()));
    CHECK(pruned.namespace_name == whole.namespace_name);
    CHECK(pruned.type == whole.type);
    CHECK(pruned.reason == whole.reason);
    CHECK(pruned.involved.api_version == whole.involved.api_version);
    CHECK(pruned.involved.kind == whole.involved.kind);
    CHECK(pruned.related.has_value() == whole.related.has_value());
    CHECK(pruned.last_ns == whole.last_ns);
  }
}

TEST_CASE("pruned JSON: every cut of a watch line is refused, the whole line is read", "[daemon][parts]") {
  const std::string line =
      R"({"type":"ADDED","object":{"kind":"Event","metadata":{"name":"e\"1","namespace":"ns","managedFields":[{"f:x":{}}]},)"
      R"("involvedObject":{"apiVersion":"v1","kind":"Pod","name":"p"},"message":"a \\ b","count":2,"reason":"Pulled"}})";
  const JsonShape shape{{"type", true}, {"object", event_fields_shape()}};
  for (size_t cut = 0; cut < line.size(); ++cut) CHECK(parse_pruned(line.substr(0, cut), shape).is_discarded());
  const json whole = parse_pruned(line, shape);
  CHECK(whole["object"]["metadata"]["namespace"] == "ns");
  CHECK(whole["object"]["involvedObject"]["kind"] == "Pod");
  CHECK(whole["object"]["reason"] == "Pulled");
  CHECK_FALSE(whole["object"].contains("message"));
}

TEST_CASE("member text: the value at a path as written, nothing when absent or broken", "[daemon][parts]") {
  const std::string text = R"( {"a" : 1, "b\"c": {"x": [1, {"y": "}"}], "d" : { "e" : "f" } } , "z": true})";
  CHECK(member_text(text, {"a"}) == "1");
  CHECK(member_text(text, {"b\"c", "x"}) == R"([1, {"y": "}"}])");
  CHECK(member_text(text, {"b\"c", "d"}) == R"({ "e" : "f" })");
  CHECK(member_text(text, {"z"}) == "true");
  CHECK_FALSE(member_text(text, {"b\"c", "q"}));
  CHECK_FALSE(member_text(text, {"a", "x"}));  // not an object
  CHECK_FALSE(member_text(R"({"a": [1, 2}, "b": 3})", {"b"}));  // broken before it
  CHECK_FALSE(member_text(R"({"b": {"c": 1)", {"b"}));            // cut inside it
  CHECK(member_text(R"({"b": 1, "c": )", {"b"}) == "1");          // only read up to the value's end
}
