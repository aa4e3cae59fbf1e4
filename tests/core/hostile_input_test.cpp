// Hostile input (spec inputs.md "Errors", correlation.md 1.1 and 7): whatever the bytes, the core
// skips or repairs what it cannot use, counts it under a named reason with where it was, and goes on.
// All inputs here are synthetic, built in the test.
#include <catch2/catch.hpp>

#include <chrono>
#include <nlohmann/json.hpp>

#include "kspan/ids.hpp"
#include "parsed_span.hpp"
#include "test_support.hpp"

using namespace kspan;
using namespace kspan::test;
using nlohmann::json;

namespace {

// A synthetic core/v1 Event on `kind/name` in `ns`, at `time`.
json event(const std::string& uid, const std::string& kind, const std::string& name, const std::string& reason,
           const std::string& message, const std::string& time, const std::string& ns = "default") {
  return json{{"apiVersion", "v1"},
              {"kind", "Event"},
              {"metadata", {{"name", name + "." + uid}, {"namespace", ns}, {"uid", uid}, {"resourceVersion", "100"}}},
              {"involvedObject", {{"apiVersion", "v1"}, {"kind", kind}, {"name", name}, {"namespace", ns}}},
              {"reason", reason},
              {"message", message},
              {"type", "Normal"},
              {"source", {{"component", "kubelet"}, {"host", "node-1"}}},
              {"firstTimestamp", time},
              {"lastTimestamp", time},
              {"count", 1}};
}

std::string lines(const std::vector<json>& values) {
  std::string out;
  for (const auto& v : values) out += v.dump() + "\n";
  return out;
}

// 1-based line of byte `offset` in `text`.
uint64_t line_of(const std::string& text, size_t offset) {
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

uint64_t skipped(const Result& r, const std::string& reason) {
  auto it = r.counters.skipped.find(reason);
  return it == r.counters.skipped.end() ? 0 : it->second.count;
}
uint64_t repaired(const Result& r, const std::string& reason) {
  auto it = r.counters.repaired.find(reason);
  return it == r.counters.repaired.end() ? 0 : it->second.count;
}
const Example& first_skip(const Result& r, const std::string& reason) {
  static const Example kNone{{"<no example>", 0, 0, ""}, ""};
  auto it = r.counters.skipped.find(reason);
  if (it == r.counters.skipped.end() || it->second.examples.empty()) return kNone;
  return it->second.examples[0];
}
const Example& first_repair(const Result& r, const std::string& reason) {
  static const Example kNone{{"<no example>", 0, 0, ""}, ""};
  auto it = r.counters.repaired.find(reason);
  if (it == r.counters.repaired.end() || it->second.examples.empty()) return kNone;
  return it->second.examples[0];
}


constexpr int64_t kT0 = 1700000000LL * kNanosPerSecond;  // 2023-11-14T22:13:20Z
const char* kT0Text = "2023-11-14T22:13:20Z";

// A sink that only counts, for inputs too big to keep as a Source.
struct CountingSink : SpanSink {
  std::vector<Span> spans;
  void on_span(const Span& span, const Resource&) override { spans.push_back(span); }
};

}  // namespace

TEST_CASE("a List cut in the middle keeps every complete item and names the cut record", "[hostile]") {
  // Synthetic: a kubectl List, one item per line, the third item cut off mid-way.
  const std::string item1 = event("u1", "Pod", "p1", "Pulled", "pulled one", kT0Text).dump();
  const std::string item2 = event("u2", "Pod", "p2", "Pulled", "pulled two", kT0Text).dump();
  const std::string item3 = event("u3", "Pod", "p3", "Pulled", "pulled three", kT0Text).dump();
  const std::string head = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n" + item1 + ",\n" + item2 + ",\n";
  const std::string text = head + item3.substr(0, item3.size() / 2);
  const Result r = run({{"cut.json", text}});
  CHECK(r.counters.events == 2);
  CHECK(skipped(r, "truncated") == 1);
  const Example& ex = first_skip(r, "truncated");
  CHECK(ex.where.source == "cut.json");
  CHECK(ex.where.line == 4);
  CHECK(ex.where.offset == head.size());
  CHECK(r.tree.find("pulled one") != std::string::npos);
  CHECK(r.tree.find("pulled two") != std::string::npos);
  CHECK(r.tree.find("pulled three") == std::string::npos);
  CHECK(r.counters.spans == 4);  // two Pod.Activity roots and two events
}

TEST_CASE("JSON lines cut in the last line keep the lines before", "[hostile]") {
  const std::string full = lines({event("u1", "Pod", "p1", "Pulled", "one", kT0Text),
                                  event("u2", "Pod", "p1", "Started", "two", kT0Text)});
  const std::string cut = event("u3", "Pod", "p1", "Killing", "three", kT0Text).dump().substr(0, 40);
  const Result r = run({{"lines.json", full + cut}});
  CHECK(r.counters.events == 2);
  CHECK(skipped(r, "truncated") == 1);
  CHECK(first_skip(r, "truncated").where.line == 3);
  CHECK(first_skip(r, "truncated").where.source == "lines.json");
}

TEST_CASE("a count of the wrong type is read as absent and the event kept", "[hostile]") {
  json e = event("uid-count", "Pod", "p1", "BackOff", "back-off", kT0Text);
  e["count"] = "x";
  const Result r = run({{"count.json", lines({e})}});
  CHECK(r.counters.events == 1);
  CHECK(repaired(r, "wrong-type") == 1);
  const Example& ex = first_repair(r, "wrong-type");
  CHECK(ex.where.source == "count.json");
  CHECK(ex.where.line == 1);
  CHECK(ex.where.object == "default/p1");
  CHECK(ex.detail.find("count") != std::string::npos);
  const auto spans = spans_of(r.otlp);
  const ParsedSpan* s = span_named(spans, "Pod.BackOff");
  REQUIRE(s != nullptr);
  // No usable count: the span id is the uid alone (spec 5) and no k8s.event.count.
  CHECK(s->span_id == fnv64_hex("uid-count"));
  CHECK(s->attr("k8s.event.count") == "<absent>");
}

TEST_CASE("an involvedObject that is a number leaves the event without an involved name", "[hostile]") {
  json bad = event("uid-bad", "Pod", "p1", "Pulled", "x", kT0Text);
  bad["involvedObject"] = 5;
  const std::string text = lines({event("u1", "Pod", "p1", "Pulled", "ok", kT0Text), bad});
  const Result r = run({{"involved.json", text}});
  CHECK(r.counters.events == 1);
  CHECK(skipped(r, "no-involved-name") == 1);
  CHECK(first_skip(r, "no-involved-name").where.line == 2);
  CHECK(first_skip(r, "no-involved-name").where.source == "involved.json");
  CHECK(repaired(r, "wrong-type") == 1);
  CHECK(first_repair(r, "wrong-type").detail.find("involvedObject") != std::string::npos);
}

TEST_CASE("an invalid last time is repaired from the next source, with where it was", "[hostile]") {
  json e = event("uid-time", "Pod", "p1", "Pulled", "pulled", kT0Text);
  e["lastTimestamp"] = "yesterday at noon";
  e["firstTimestamp"] = "2023-11-14T22:13:25Z";
  const Result r = run({{"times.json", "\n\n" + lines({e})}});
  CHECK(r.counters.events == 1);
  CHECK(repaired(r, "invalid-time") == 1);
  const Example& ex = first_repair(r, "invalid-time");
  CHECK(ex.where.source == "times.json");
  CHECK(ex.where.line == 3);
  CHECK(ex.where.object == "default/p1");
  CHECK(ex.detail.find("lastTimestamp") != std::string::npos);
  const auto spans = spans_of(r.otlp);
  const ParsedSpan* s = span_named(spans, "Pod.Pulled");
  REQUIRE(s != nullptr);
  // last time: lastTimestamp (invalid) -> series (none) -> eventTime (none) -> firstTimestamp.
  CHECK(s->start == kT0 + 5 * kNanosPerSecond);
}

TEST_CASE("times that are not RFC 3339 count as absent", "[hostile]") {
  // Each of these is not an RFC 3339 time (no zone, a date only, out of range, a number).
  for (const char* bad : {"2023-11-14T22:13:20", "2023-11-14", "2023-13-01T00:00:00Z", "2023-02-30T00:00:00Z",
                          "1700000000", "2023-11-14T25:00:00Z"}) {
    CAPTURE(bad);
    json e = event("uid-t", "Pod", "p1", "Pulled", "pulled", kT0Text);
    e["lastTimestamp"] = bad;
    e["firstTimestamp"] = bad;
    e["metadata"]["creationTimestamp"] = "2023-11-14T22:13:30Z";
    const Result r = run({{"t.json", lines({e})}});
    CHECK(r.counters.events == 1);
    CHECK(repaired(r, "invalid-time") >= 1);
    const auto spans = spans_of(r.otlp);
    const ParsedSpan* s = span_named(spans, "Pod.Pulled");
    REQUIRE(s != nullptr);
    CHECK(s->start == kT0 + 10 * kNanosPerSecond);  // from metadata.creationTimestamp
  }
}

TEST_CASE("a numeric offset is a valid RFC 3339 time", "[hostile]") {
  json e = event("uid-off", "Pod", "p1", "Pulled", "pulled", "2023-11-15T00:13:20+02:00");
  const Result r = run({{"t.json", lines({e})}});
  CHECK(repaired(r, "invalid-time") == 0);
  const auto spans = spans_of(r.otlp);
  const ParsedSpan* s = span_named(spans, "Pod.Pulled");
  REQUIRE(s != nullptr);
  CHECK(s->start == kT0);
}

TEST_CASE("an event with no usable time at all is skipped with where it was", "[hostile]") {
  json e = event("uid-none", "Pod", "p9", "Pulled", "pulled", kT0Text);
  e["lastTimestamp"] = "never";
  e["firstTimestamp"] = nullptr;
  e["eventTime"] = "null";
  const std::string text = lines({event("u1", "Pod", "p1", "Pulled", "ok", kT0Text), e});
  const Result r = run({{"notime.json", text}});
  CHECK(r.counters.events == 1);
  CHECK(skipped(r, "no-time") == 1);
  const Example& ex = first_skip(r, "no-time");
  CHECK(ex.where.source == "notime.json");
  CHECK(ex.where.line == 2);
  CHECK(ex.where.object == "default/p9");
}

TEST_CASE("the string \"null\" counts as absent", "[hostile]") {
  json e = event("uid-null", "Pod", "p1", "Pulled", "pulled", "null");
  e["firstTimestamp"] = "null";
  e["eventTime"] = "2023-11-14T22:13:21.500000Z";
  e["type"] = "null";
  e["count"] = "null";
  const Result r = run({{"nulls.json", lines({e})}});
  CHECK(r.counters.events == 1);
  CHECK(repaired(r, "null-string") >= 3);
  const auto spans = spans_of(r.otlp);
  const ParsedSpan* s = span_named(spans, "Pod.Pulled");
  REQUIRE(s != nullptr);
  CHECK(s->start == kT0 + 1'500'000'000);  // eventTime, the next source
  CHECK(s->attr("k8s.event.type") == "Normal");  // absent type counts as Normal
  CHECK(s->span_id == fnv64_hex("uid-null"));
}

TEST_CASE("binary garbage is reported as not a dump and the other inputs go on", "[hostile]") {
  std::string garbage;
  uint32_t x = 12345;
  for (int i = 0; i < 10000; ++i) {
    x = x * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(x >> 16));
  }
  garbage[0] = '\x03';  // not '{', '[' nor gzip
  garbage[5] = '\0';
  const Result r = run({{"garbage.bin", garbage}, {"good.json", lines({event("u1", "Pod", "p1", "Pulled", "ok", kT0Text)})}});
  CHECK(r.counters.events == 1);
  CHECK(skipped(r, "not-a-dump") == 1);
  CHECK(first_skip(r, "not-a-dump").where.source == "garbage.bin");
  REQUIRE(r.counters.sources.size() == 2);
  CHECK(r.counters.sources[0].error.find("not a dump") != std::string::npos);
  CHECK(r.counters.sources[1].error.empty());
}

TEST_CASE("NUL bytes in a JSON-lines file cost only the records they touch", "[hostile]") {
  std::string bad = event("u2", "Pod", "p1", "Started", "st", kT0Text).dump();
  bad.insert(bad.find("st\""), std::string(1, '\0'));  // a raw NUL inside a string: not valid JSON
  std::string text = lines({event("u1", "Pod", "p1", "Pulled", "one", kT0Text)});
  text += bad + "\n";
  text += std::string(3, '\0') + "\n";  // a line of NULs between records
  text += lines({event("u3", "Pod", "p1", "Killing", "three", kT0Text)});
  const Result r = run({{"nul.json", text}});
  CHECK(r.counters.events == 2);
  CHECK(skipped(r, "parse-error") == 1);
  CHECK(first_skip(r, "parse-error").where.line == 2);
  CHECK(skipped(r, "invalid-json") >= 1);
  CHECK(first_skip(r, "invalid-json").where.line == 3);
  CHECK(r.tree.find("three") != std::string::npos);
}

TEST_CASE("10,000-deep nesting is skipped without a crash, and the next record is read", "[hostile]") {
  const std::string deep_array = std::string(10000, '[') + std::string(10000, ']');
  std::string deep_object;
  for (int i = 0; i < 10000; ++i) deep_object += "{\"a\":";
  deep_object += "1" + std::string(10000, '}');
  const std::string good = lines({event("u1", "Pod", "p1", "Pulled", "ok", kT0Text)});
  const Result r = run({{"deep.json", deep_array + "\n" + deep_object + "\n" + good}});
  CHECK(r.counters.events == 1);
  CHECK(skipped(r, "too-deep") == 2);
  CHECK(first_skip(r, "too-deep").where.source == "deep.json");
  CHECK(first_skip(r, "too-deep").where.line == 1);
  CHECK(r.counters.skipped.at("too-deep").examples.at(1).where.line == 2);

  // Left open: the input ends inside the nesting.
  const Result open = run({{"open.json", good + std::string(10000, '[')}});
  CHECK(open.counters.events == 1);
  CHECK(skipped(open, "truncated") == 1);
  CHECK(first_skip(open, "truncated").where.line == 2);
}

TEST_CASE("10,000-deep nesting inside a YAML document is skipped without a crash", "[hostile]") {
  std::string doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ";
  doc += std::string(10000, '[') + std::string(10000, ']') + "\n";
  const std::string good = "apiVersion: v1\nkind: Event\nmetadata:\n  uid: u1\n  name: p1.u1\n  namespace: default\n"
                           "involvedObject:\n  kind: Pod\n  name: p1\n  namespace: default\nreason: Pulled\n"
                           "message: ok\nlastTimestamp: \"2023-11-14T22:13:20Z\"\n";
  const Result r = run({{"deep.yaml", doc + "---\n" + good}});
  CHECK(r.counters.events == 1);
  CHECK(r.counters.skipped.size() == 1);  // the deep document, under some named reason
  if (!r.counters.skipped.empty()) {
    CHECK(r.counters.skipped.begin()->second.examples.at(0).where.source == "deep.yaml");
    CHECK(r.counters.skipped.begin()->second.examples.at(0).where.line == 1);
  }
}

TEST_CASE("a record over the size limit is skipped and the next record still read", "[hostile][huge]") {
  // Synthetic: one 80 MB message on line 1, fed in 1 MiB chunks; a normal event on line 2.
  CountingSink sink;
  cli::YamlToJson yaml;
  Engine engine(test_settings(), sink, &yaml);
  engine.begin_source("huge.json");
  json head = event("u-huge", "Pod", "p1", "Pulled", "", kT0Text);
  std::string prefix = head.dump();
  const std::string marker = "\"message\":\"";
  const size_t at = prefix.find(marker) + marker.size();
  engine.push(std::string_view(prefix).substr(0, at));
  const std::string chunk(1 << 20, 'a');
  for (int i = 0; i < 80; ++i) engine.push(chunk);
  engine.push(std::string_view(prefix).substr(at));
  engine.push("\n" + event("u2", "Pod", "p1", "Started", "after the huge one", kT0Text).dump() + "\n");
  engine.end_source();
  engine.finish();
  const Counters& c = engine.counters();
  CHECK(c.events == 1);
  REQUIRE(c.skipped.count("record-too-large") == 1);
  CHECK(c.skipped.at("record-too-large").count == 1);
  const Location& where = c.skipped.at("record-too-large").examples.at(0).where;
  CHECK(where.source == "huge.json");
  CHECK(where.line == 1);
  CHECK(where.offset == 0);
  REQUIRE(sink.spans.size() == 2);  // Pod.Activity and Pod.Started
}

TEST_CASE("a YAML line over the size limit is skipped and the next document still read", "[hostile][huge]") {
  CountingSink sink;
  cli::YamlToJson yaml;
  Engine engine(test_settings(), sink, &yaml);
  engine.begin_source("huge.yaml");
  engine.push("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: ");
  const std::string chunk(1 << 20, 'a');
  for (int i = 0; i < 70; ++i) engine.push(chunk);
  engine.push("\n---\napiVersion: v1\nkind: Event\nmetadata:\n  uid: u1\n  name: p1.u1\n  namespace: default\n"
              "involvedObject:\n  kind: Pod\n  name: p1\n  namespace: default\nreason: Pulled\n"
              "message: ok\nlastTimestamp: \"2023-11-14T22:13:20Z\"\n");
  engine.end_source();
  engine.finish();
  const Counters& c = engine.counters();
  CHECK(c.events == 1);
  REQUIRE(c.skipped.count("record-too-large") == 1);
  CHECK(c.skipped.at("record-too-large").examples.at(0).where.line == 1);
  CHECK(c.skipped.at("record-too-large").examples.at(0).where.source == "huge.yaml");
}

TEST_CASE("100,000 empty records are counted skips, quickly", "[hostile]") {
  std::string text;
  text.reserve(300000);
  for (int i = 0; i < 100000; ++i) text += "{}\n";
  text += lines({event("u1", "Pod", "p1", "Pulled", "ok", kT0Text)});
  const auto start = std::chrono::steady_clock::now();
  const Result r = run({{"empty.json", text}});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 20.0);  // generous for sanitizer builds; a release build takes well under a second
  CHECK(r.counters.records == 100001);
  CHECK(r.counters.events == 1);
  uint64_t total_skips = 0;
  for (const auto& [reason, entry] : r.counters.skipped) total_skips += entry.count;
  CHECK(total_skips == 100000);
  CHECK(skipped(r, "unknown-record") == 100000);
  REQUIRE(r.counters.skipped.count("unknown-record") == 1);
  const auto& examples = r.counters.skipped.at("unknown-record").examples;
  CHECK(examples.size() == Counters::kMaxExamples);
  CHECK(examples.at(0).where.line == 1);
  CHECK(examples.at(1).where.line == 2);
  CHECK(examples.at(1).where.offset == 3);
}

TEST_CASE("invalid UTF-8 in a JSON message still gives valid OTLP JSON with U+FFFD", "[hostile]") {
  std::string text = event("u-utf8", "Pod", "p1", "Failed", "MARK", kT0Text).dump();
  text.replace(text.find("MARK"), 4, "bad \xff\xfe bytes \xc3");  // invalid bytes, then a cut sequence
  const Result r = run({{"utf8.json", text + "\n"}});
  CHECK(r.counters.events == 1);
  CHECK(r.counters.skipped.empty());
  json doc = json::parse(r.otlp, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  const auto spans = spans_of(r.otlp);
  const ParsedSpan* s = span_named(spans, "Pod.Failed");
  REQUIRE(s != nullptr);
  const std::string message = s->attr("k8s.event.message");
  CHECK(message.find("\xef\xbf\xbd") != std::string::npos);
  CHECK(message.find("bad ") == 0);
  CHECK(message.find(" bytes ") != std::string::npos);
}

TEST_CASE("invalid UTF-8 in a YAML message still gives valid OTLP JSON with U+FFFD", "[hostile]") {
  const std::string text = "apiVersion: v1\nkind: Event\nmetadata:\n  uid: u1\n  name: p1.u1\n  namespace: default\n"
                           "involvedObject:\n  kind: Pod\n  name: p1\n  namespace: default\nreason: Failed\n"
                           "type: Warning\nmessage: \"bad \xff bytes\"\nlastTimestamp: \"2023-11-14T22:13:20Z\"\n";
  const Result r = run({{"utf8.yaml", text}});
  CHECK(r.counters.events == 1);
  json doc = json::parse(r.otlp, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  const auto spans = spans_of(r.otlp);
  const ParsedSpan* s = span_named(spans, "Pod.Failed");
  REQUIRE(s != nullptr);
  CHECK(s->attr("k8s.event.message").find("\xef\xbf\xbd") != std::string::npos);
}

TEST_CASE("a line of garbage in JSON lines is invalid-json with its line; the others convert", "[hostile]") {
  std::string text = lines({event("u1", "Pod", "p1", "Pulled", "one", kT0Text)});
  text += "this is not json {at all}\n";
  text += lines({event("u2", "Pod", "p1", "Started", "two", kT0Text)});
  text += "{\"kind\": \"Event\", oops}\n";
  text += lines({event("u3", "Pod", "p1", "Killing", "three", kT0Text)});
  const Result r = run({{"mixed.json", text}});
  CHECK(r.counters.events == 3);
  CHECK(skipped(r, "invalid-json") == 1);
  CHECK(first_skip(r, "invalid-json").where.line == 2);
  CHECK(first_skip(r, "invalid-json").where.source == "mixed.json");
  CHECK(skipped(r, "parse-error") == 1);
  CHECK(first_skip(r, "parse-error").where.line == 4);
  for (const char* m : {"one", "two", "three"}) CHECK(r.tree.find(m) != std::string::npos);
}

TEST_CASE("a YAML document with a syntax error is yaml-error with its line; the others convert", "[hostile]") {
  const std::string good1 = "apiVersion: v1\nkind: Event\nmetadata:\n  uid: u1\n  name: p1.u1\n  namespace: default\n"
                            "involvedObject:\n  kind: Pod\n  name: p1\n  namespace: default\nreason: Pulled\n"
                            "message: one\nlastTimestamp: \"2023-11-14T22:13:20Z\"\n";
  const std::string bad = "apiVersion: v1\nkind: Event\nmetadata: [unclosed, {\n  uid: u2\n";
  std::string good2 = good1;
  good2.replace(good2.find("uid: u1"), 7, "uid: u3");
  good2.replace(good2.find("message: one"), 12, "message: two");
  const std::string text = good1 + "---\n" + bad + "---\n" + good2;
  const Result r = run({{"bad.yaml", text}});
  CHECK(r.counters.events == 2);
  CHECK(skipped(r, "yaml-error") == 1);
  const Example& ex = first_skip(r, "yaml-error");
  CHECK(ex.where.source == "bad.yaml");
  CHECK(ex.where.line == 15);  // the bad document starts after good1 (13 lines) and "---"
  CHECK(ex.detail.find("line") != std::string::npos);
}

TEST_CASE("an Event without uid is skipped as no-uid, naming its object", "[hostile]") {
  json e = event("", "Pod", "lonely", "Pulled", "x", kT0Text);
  e["metadata"].erase("uid");
  const Result r = run({{"nouid.json", lines({event("u1", "Pod", "p1", "Pulled", "ok", kT0Text), e})}});
  CHECK(r.counters.events == 1);
  CHECK(skipped(r, "no-uid") == 1);
  const Example& ex = first_skip(r, "no-uid");
  CHECK(ex.where.source == "nouid.json");
  CHECK(ex.where.line == 2);
  CHECK(ex.where.object == "default/lonely");
}

TEST_CASE("an Event whose involved object has no name is skipped as no-involved-name", "[hostile]") {
  json e = event("u-nn", "Pod", "", "Pulled", "x", kT0Text);
  json e2 = event("u-nn2", "Pod", "x", "Pulled", "x", kT0Text);
  e2["involvedObject"]["name"] = "null";
  const Result r = run({{"noname.json", lines({e, e2})}});
  CHECK(r.counters.events == 0);
  CHECK(skipped(r, "no-involved-name") == 2);
  const Example& ex = first_skip(r, "no-involved-name");
  CHECK(ex.where.line == 1);
  CHECK(ex.where.source == "noname.json");
  // The object is not known: no half label such as "default/".
  CHECK((ex.where.object.empty() || ex.where.object.back() != '/'));
  CHECK(r.counters.spans == 0);
}

TEST_CASE("two records of one event occurrence give one span; the higher resourceVersion wins", "[hostile]") {
  json older = event("u-dup", "Pod", "p1", "BackOff", "older text", kT0Text);
  older["count"] = 4;
  json newer = older;
  newer["message"] = "newer text";
  newer["metadata"]["resourceVersion"] = "200";
  for (bool newer_first : {false, true}) {
    const Result r = run({{"dup.json", newer_first ? lines({newer, older}) : lines({older, newer})}});
    CHECK(r.counters.events == 1);
    CHECK(skipped(r, "duplicate-event") == 1);
    const auto spans = spans_of(r.otlp);
    const ParsedSpan* s = span_named(spans, "Pod.BackOff");
    REQUIRE(s != nullptr);
    CHECK(s->attr("k8s.event.message") == "newer text");
    CHECK(s->span_id == fnv64_hex("u-dup4"));
  }
}

TEST_CASE("unknown fields and a BOM do not disturb reading", "[hostile]") {
  json e = event("u1", "Pod", "p1", "Pulled", "ok", kT0Text);
  e["someFutureField"] = {{"nested", {1, 2, {{"x", "}"}}}}};
  e["metadata"]["alsoNew"] = json::array();
  const Result r = run({{"bom.json", "\xef\xbb\xbf" + lines({e})}});
  CHECK(r.counters.events == 1);
  CHECK(r.counters.skipped.empty());
  CHECK(r.counters.repaired.empty());
}

TEST_CASE("an empty source and a source of whitespace give nothing and no crash", "[hostile]") {
  const Result r = run({{"empty.json", ""}, {"blank.json", "  \n\n\t\n"}});
  CHECK(r.counters.records == 0);
  CHECK(r.counters.spans == 0);
  CHECK(r.counters.skipped.empty());
}
