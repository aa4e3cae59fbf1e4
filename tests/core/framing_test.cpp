// The JSON and YAML framers on their own: records split at the right bytes, whatever the chunking,
// with the right line numbers. All inputs are synthetic.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json_framer.hpp"
#include "yaml_framer.hpp"

using namespace kspan;

namespace {

struct Framed {
  std::string text;
  uint64_t line;
  uint64_t offset;
  std::string header;  // YAML only
  bool operator==(const Framed& o) const {
    return text == o.text && line == o.line && offset == o.offset && header == o.header;
  }
};

struct Problem {
  std::string reason;
  uint64_t line;
  uint64_t offset;
  bool operator==(const Problem& o) const { return reason == o.reason && line == o.line && offset == o.offset; }
};

struct Output {
  std::vector<Framed> records;
  std::vector<Problem> errors;
  bool operator==(const Output& o) const { return records == o.records && errors == o.errors; }
};

std::ostream& operator<<(std::ostream& os, const Output& out) {
  for (const auto& r : out.records) os << "[" << r.line << "@" << r.offset << "] " << r.text << " |" << r.header << "|\n";
  for (const auto& e : out.errors) os << "error " << e.reason << " " << e.line << "@" << e.offset << "\n";
  return os;
}

Output frame_json(const std::string& input, const std::vector<size_t>& cuts = {}, FramingLimits limits = {}) {
  Output out;
  JsonFramer framer([&](const RawRecord& r) { out.records.push_back({std::string(r.text), r.line, r.offset, ""}); },
                    [&](const FramingError& e) { out.errors.push_back({e.reason, e.line, e.offset}); }, limits);
  size_t at = 0;
  for (size_t cut : cuts) {
    framer.push(std::string_view(input).substr(at, cut - at));
    at = cut;
  }
  framer.push(std::string_view(input).substr(at));
  framer.finish();
  return out;
}

Output frame_json_bytewise(const std::string& input) {
  std::vector<size_t> cuts;
  for (size_t i = 1; i < input.size(); ++i) cuts.push_back(i);
  return frame_json(input, cuts);
}

Output frame_yaml(const std::string& input, const std::vector<size_t>& cuts = {}, FramingLimits limits = {}) {
  Output out;
  YamlFramer framer(
      [&](const YamlDocument& d) {
        out.records.push_back({std::string(d.text), d.line, d.offset, std::string(d.capture_header)});
      },
      [&](const FramingError& e) { out.errors.push_back({e.reason, e.line, e.offset}); }, limits);
  size_t at = 0;
  for (size_t cut : cuts) {
    framer.push(std::string_view(input).substr(at, cut - at));
    at = cut;
  }
  framer.push(std::string_view(input).substr(at));
  framer.finish();
  return out;
}

size_t offset_of(const std::string& haystack, const std::string& needle) {
  const size_t at = haystack.find(needle);
  REQUIRE(at != std::string::npos);
  return at;
}

}  // namespace

// ---- JSON ---------------------------------------------------------------------------------

TEST_CASE("concatenated pretty-printed JSON values are one record each", "[framing][json]") {
  const std::string a = "{\n  \"kind\": \"Event\",\n  \"metadata\": {\n    \"uid\": \"a\"\n  }\n}";
  const std::string b = "{\n    \"kind\": \"Event\",\n    \"n\": [1, 2, {\"x\": 3}]\n}";
  const std::string input = a + "\n" + b + "\n";
  const Output out = frame_json(input);
  REQUIRE(out.records.size() == 2);
  CHECK(out.errors.empty());
  CHECK(out.records[0].text == a);
  CHECK(out.records[0].line == 1);
  CHECK(out.records[0].offset == 0);
  CHECK(out.records[1].text == b);
  CHECK(out.records[1].line == 7);
  CHECK(out.records[1].offset == a.size() + 1);
}

TEST_CASE("values glued together without whitespace are still split", "[framing][json]") {
  const Output out = frame_json("{\"a\":1}{\"b\":2}[{\"c\":3}]");
  REQUIRE(out.records.size() == 3);
  CHECK(out.records[0].text == "{\"a\":1}");
  CHECK(out.records[1].text == "{\"b\":2}");
  CHECK(out.records[1].offset == 7);
  CHECK(out.records[2].text == "{\"c\":3}");
  CHECK(out.records[2].offset == 15);
}

TEST_CASE("JSON lines are one record per line, with line and offset", "[framing][json]") {
  const std::string l1 = "{\"kind\":\"Event\",\"n\":1}";
  const std::string l2 = "{\"kind\":\"Event\",\"n\":2}";
  const std::string l3 = "{\"kind\":\"Event\",\"n\":3}";
  const std::string input = l1 + "\n" + l2 + "\r\n\n" + l3;  // a CRLF and an empty line, no final newline
  const Output out = frame_json(input);
  REQUIRE(out.records.size() == 3);
  CHECK(out.errors.empty());
  CHECK(out.records[0].text == l1);
  CHECK(out.records[1].text == l2);
  CHECK(out.records[2].text == l3);
  CHECK(out.records[0].line == 1);
  CHECK(out.records[1].line == 2);
  CHECK(out.records[2].line == 4);
  CHECK(out.records[1].offset == l1.size() + 1);
  CHECK(out.records[2].offset == offset_of(input, l3));
}

TEST_CASE("a List's items are the records; the envelope is not", "[framing][json]") {
  const std::string i1 = "{\"kind\":\"Event\",\"metadata\":{\"uid\":\"1\"}}";
  const std::string i2 = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"items\":\"x\"}}}";
  // "items" is neither the first key nor followed directly by the array's first byte.
  const std::string input = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\" : [\n    " + i1 +
                            ",\n    " + i2 + "\n  ],\n  \"metadata\": {\"resourceVersion\": \"\"}\n}\n";
  const Output out = frame_json(input);
  REQUIRE(out.records.size() == 2);
  CHECK(out.errors.empty());
  CHECK(out.records[0].text == i1);
  CHECK(out.records[0].line == 5);
  CHECK(out.records[0].offset == offset_of(input, i1));
  CHECK(out.records[1].text == i2);
  CHECK(out.records[1].line == 6);
}

TEST_CASE("a List followed by other values: each List's items, then the values", "[framing][json]") {
  const std::string input = "{\"kind\":\"List\",\"items\":[{\"a\":1},{\"b\":2}]}\n{\"c\":3}\n"
                            "{\"kind\":\"EventList\",\"items\":[]}\n{\"items\":[{\"d\":4}],\"kind\":\"List\"}\n";
  const Output out = frame_json(input);
  REQUIRE(out.records.size() == 4);
  CHECK(out.records[0].text == "{\"a\":1}");
  CHECK(out.records[1].text == "{\"b\":2}");
  CHECK(out.records[2].text == "{\"c\":3}");
  CHECK(out.records[2].line == 2);
  CHECK(out.records[3].text == "{\"d\":4}");
  CHECK(out.records[3].line == 4);
  CHECK(out.errors.empty());
}

TEST_CASE("an items key deeper than the top is not a List", "[framing][json]") {
  const std::string input = "{\"kind\":\"Thing\",\"spec\":{\"items\":[{\"a\":1},{\"b\":2}]}}";
  const Output out = frame_json(input);
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].text == input);
}

TEST_CASE("a bare array's elements are the records", "[framing][json]") {
  const std::string input = "[\n  {\"a\": [1, {\"b\": 2}]},\n  {\"c\": \"]\"}\n]\n";
  const Output out = frame_json(input);
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].text == "{\"a\": [1, {\"b\": 2}]}");
  CHECK(out.records[0].line == 2);
  CHECK(out.records[0].offset == 4);
  CHECK(out.records[1].text == "{\"c\": \"]\"}");
  CHECK(out.records[1].line == 3);
  CHECK(out.errors.empty());
}

TEST_CASE("a scalar element of a bare array is not-an-object; the objects around it are records", "[framing][json]") {
  const Output out = frame_json("[{\"a\":1}, 42, {\"b\":2}]");
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[1].text == "{\"b\":2}");
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].reason == "not-an-object");
}

TEST_CASE("braces, brackets and escaped quotes inside strings do not split records", "[framing][json]") {
  const std::string a = R"({"message":"a } b ] c { d [ \"quoted }\" \\","x":"\\\"}"})";
  const std::string b = R"({"message":"back\\slash\\","y":"{{{"})";
  const Output out = frame_json(a + "\n" + b + "\n");
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].text == a);
  CHECK(out.records[1].text == b);
  CHECK(out.records[1].line == 2);
  CHECK(out.errors.empty());
}

TEST_CASE("every chunk boundary gives the same records", "[framing][json]") {
  const std::string input =
      "\xef\xbb\xbf{\"kind\":\"List\",\"items\":[\n{\"m\":\"a}\\\"[\",\"n\":{\"o\":[1]}},\n{\"p\":2}\n]}\n"
      "{\n  \"q\": \"x\\\\\"\n}\n[{\"r\":3}, {\"s\": \"\\u007b\"}]\n{\"t\":4}\n";
  const Output whole = frame_json(input);
  REQUIRE(whole.records.size() == 6);
  CHECK(whole.errors.empty());
  for (size_t cut = 0; cut <= input.size(); ++cut) {
    CAPTURE(cut);
    CHECK(frame_json(input, {cut}) == whole);
  }
  for (size_t a = 1; a < input.size(); a += 3)
    for (size_t b = a; b < input.size(); b += 5) {
      CAPTURE(a, b);
      CHECK(frame_json(input, {a, b}) == whole);
    }
  CHECK(frame_json_bytewise(input) == whole);
}

TEST_CASE("garbage between values is invalid-json at its line; the values after it are read", "[framing][json]") {
  const std::string input = "{\"a\":1}\nnot json at all\n  {\"b\":2}\n";
  const Output out = frame_json(input);
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[1].text == "{\"b\":2}");
  CHECK(out.records[1].line == 3);
  CHECK(out.records[1].offset == offset_of(input, "{\"b\""));
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == Problem{"invalid-json", 2, 8});
  CHECK(frame_json_bytewise(input) == out);
}

TEST_CASE("a record cut by the end of input is reported as truncated where it starts", "[framing][json]") {
  const std::string input = "{\"a\":1}\n{\"b\":\n  [1, 2";
  const Output out = frame_json(input);
  REQUIRE(out.records.size() == 1);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0] == Problem{"truncated", 2, 8});
  CHECK(frame_json_bytewise(input) == out);
}

TEST_CASE("a List whose items close early: the object that does not end is reported where it starts", "[framing][json]") {
  // A stray '}' in the first item closes the items array early, so the List object goes on, and a
  // '{' at the start of a line starts the next value. The error is about the List, and names
  // its line and its offset (K11: the offset was the last item framed, which the List is not).
  const std::string input = "{\"kind\":\"List\",\"items\":[\n{\"kind\":\"Event\",\"metadata\":{\"name\":x}},"
                            "\"a\":{\"b\":1},\"c\":2},\n{\"kind\":\"Event\"}\n";
  const Output out = frame_json(input);
  REQUIRE(out.records.size() == 3);
  CHECK(out.records[1].text == "{\"b\":1}");
  CHECK(out.records[2].text == "{\"kind\":\"Event\"}");
  CHECK(out.records[2].line == 3);
  REQUIRE(out.errors.size() == 2);
  CHECK(out.errors[0].reason == "not-an-object");
  CHECK(out.errors[1] == Problem{"invalid-json", 1, 0});
  CHECK(frame_json_bytewise(input) == out);
}

TEST_CASE("a List or array cut between its items is reported as truncated where it starts", "[framing][json]") {
  // No record is buffered between items: the line and the offset are the value's (the offset
  // was where the input ended, another place than the line).
  for (const std::string& input : {std::string("{\"kind\":\"List\",\"items\":[\n{\"a\":1},\n"), std::string("[{\"a\":1},\n")}) {
    CAPTURE(input);
    const std::string text = "{\"x\":1}\n" + input;
    const Output out = frame_json(text);
    REQUIRE(out.records.size() == 2);
    REQUIRE(out.errors.size() == 1);
    CHECK(out.errors[0] == Problem{"truncated", 2, 8});
    CHECK(frame_json_bytewise(text) == out);
  }
}

TEST_CASE("records over the size limit and the depth limit are dropped with their start", "[framing][json]") {
  FramingLimits limits;
  limits.max_record_bytes = 64;
  limits.max_depth = 5;
  const std::string big = "{\"m\":\"" + std::string(100, 'x') + "\"}";
  const std::string deep = "{\"a\":[[[[[[1]]]]]]}";
  const std::string ok = "{\"ok\":true}";
  const std::string input = big + "\n" + deep + "\n" + ok + "\n";
  for (const std::vector<size_t>& cuts : std::vector<std::vector<size_t>>{{}, {10}, {10, 40, 90, 110}}) {
    const Output out = frame_json(input, cuts, limits);
    REQUIRE(out.records.size() == 1);
    CHECK(out.records[0].text == ok);
    CHECK(out.records[0].line == 3);
    REQUIRE(out.errors.size() == 2);
    CHECK(out.errors[0] == Problem{"record-too-large", 1, 0});
    CHECK(out.errors[1] == Problem{"too-deep", 2, big.size() + 1});
  }
}

TEST_CASE("a record both too deep and too large is record-too-large however it is cut", "[framing][json]") {
  // K7: depth was checked per byte and size per chunk, so the first limit seen named the reason.
  FramingLimits limits;
  limits.max_record_bytes = 64;
  limits.max_depth = 3;
  const std::string both = "{\"a\":[[[[[\"" + std::string(100, 'x') + "\"]]]]]}";
  const std::string input = both + "\n{\"ok\":1}\n";
  for (size_t cut = 1; cut < input.size(); ++cut) {
    CAPTURE(cut);
    const Output out = frame_json(input, {cut}, limits);
    REQUIRE(out.errors.size() == 1);
    CHECK(out.errors[0] == Problem{"record-too-large", 1, 0});
    REQUIRE(out.records.size() == 1);
    CHECK(out.records[0].text == "{\"ok\":1}");
  }
}

// ---- YAML ---------------------------------------------------------------------------------

TEST_CASE("YAML documents are split at --- and ... lines", "[framing][yaml]") {
  const std::string input = "---\na: 1\nb:\n  c: 2\n---\nd: 3\n...\n---\n# only a comment\n---\ne: 4\n";
  const Output out = frame_yaml(input);
  REQUIRE(out.records.size() == 3);
  CHECK(out.errors.empty());
  CHECK(out.records[0].text == "a: 1\nb:\n  c: 2\n");
  CHECK(out.records[0].line == 2);
  CHECK(out.records[0].offset == 4);
  CHECK(out.records[1].text == "d: 3\n");
  CHECK(out.records[1].line == 6);
  CHECK(out.records[2].text == "e: 4\n");
  CHECK(out.records[2].line == 11);
  CHECK(out.records[2].offset == offset_of(input, "e: 4"));
  for (const auto& r : out.records) CHECK(r.header.empty());
}

TEST_CASE("a capture header travels with its own document only", "[framing][yaml]") {
  const std::string input =
      "---\n# {\"time\":\"2021-05-19T09:42:58.640117041Z\",\"style\":\"event\",\"kind\":\"Event\"}\n"
      "kind: Event\nmessage: \"# {not a header}\"\n"
      "---\n# {\"time\":\"2021-05-19T09:42:59Z\",\"style\":\"initial\",\"kind\":\"Pod\"}\nkind: Pod\n"
      "---\nkind: Other\n";
  const Output out = frame_yaml(input);
  REQUIRE(out.records.size() == 3);
  CHECK(out.records[0].header == "{\"time\":\"2021-05-19T09:42:58.640117041Z\",\"style\":\"event\",\"kind\":\"Event\"}");
  CHECK(out.records[0].text == "kind: Event\nmessage: \"# {not a header}\"\n");
  CHECK(out.records[0].line == 3);
  CHECK(out.records[1].header == "{\"time\":\"2021-05-19T09:42:59Z\",\"style\":\"initial\",\"kind\":\"Pod\"}");
  CHECK(out.records[1].text == "kind: Pod\n");
  CHECK(out.records[1].line == 7);
  CHECK(out.records[2].header.empty());
  CHECK(out.records[2].text == "kind: Other\n");
}

TEST_CASE("a kubectl List in YAML: items split, dedented, with their lines", "[framing][yaml]") {
  const std::string input =
      "apiVersion: v1\n"
      "items:\n"
      "- apiVersion: v1\n"
      "  kind: Event\n"
      "  message: |\n"
      "    two\n"
      "    lines\n"
      "  metadata:\n"
      "    name: a\n"
      "- apiVersion: v1\n"
      "  kind: Pod\n"
      "  metadata:\n"
      "    ownerReferences:\n"
      "    - kind: ReplicaSet\n"
      "      name: rs\n"
      "kind: List\n"
      "metadata:\n"
      "  resourceVersion: \"\"\n";
  const Output out = frame_yaml(input);
  REQUIRE(out.records.size() == 2);
  CHECK(out.errors.empty());
  CHECK(out.records[0].text == "apiVersion: v1\nkind: Event\nmessage: |\n  two\n  lines\nmetadata:\n  name: a\n");
  CHECK(out.records[0].line == 3);
  CHECK(out.records[0].offset == offset_of(input, "- apiVersion"));
  CHECK(out.records[1].text ==
        "apiVersion: v1\nkind: Pod\nmetadata:\n  ownerReferences:\n  - kind: ReplicaSet\n    name: rs\n");
  CHECK(out.records[1].line == 10);
}

TEST_CASE("two YAML Lists in one stream, each split", "[framing][yaml]") {
  const std::string input = "apiVersion: v1\nitems:\n- a: 1\n- b: 2\nkind: List\n---\nitems:\n- c: 3\nkind: List\n";
  const Output out = frame_yaml(input);
  REQUIRE(out.records.size() == 3);
  CHECK(out.records[0].text == "a: 1\n");
  CHECK(out.records[1].text == "b: 2\n");
  CHECK(out.records[1].line == 4);
  CHECK(out.records[2].text == "c: 3\n");
  CHECK(out.records[2].line == 8);
}

TEST_CASE("YAML: every chunk boundary gives the same documents", "[framing][yaml]") {
  const std::string input =
      "# {\"time\":\"2021-05-19T09:42:58Z\"}\nkind: Event\nmessage: x\n---\r\n"
      "apiVersion: v1\nitems:\n- kind: Pod\n  metadata:\n    name: p\n- kind: Event\nkind: List\n...\nlast: 1";
  const Output whole = frame_yaml(input);
  REQUIRE(whole.records.size() == 4);
  CHECK(whole.records[0].header == "{\"time\":\"2021-05-19T09:42:58Z\"}");
  CHECK(whole.records[3].text == "last: 1\n");
  CHECK(whole.records[3].line == 13);
  for (size_t cut = 0; cut <= input.size(); ++cut) {
    CAPTURE(cut);
    CHECK(frame_yaml(input, {cut}) == whole);
  }
  std::vector<size_t> every;
  for (size_t i = 1; i < input.size(); ++i) every.push_back(i);
  CHECK(frame_yaml(input, every) == whole);
}

TEST_CASE("a YAML document over the size limit is record-too-large; the next one is read", "[framing][yaml]") {
  FramingLimits limits;
  limits.max_record_bytes = 64;
  // The long line opens the second document, so its place is not the start of the input.
  const std::string input = "z: 0\n---\na: " + std::string(200, 'x') + "\n---\nb: 1\n";
  for (const std::vector<size_t>& cuts : std::vector<std::vector<size_t>>{{}, {12}, {12, 50, 100, 150}}) {
    CAPTURE(cuts);
    const Output out = frame_yaml(input, cuts, limits);
    REQUIRE(out.records.size() == 2);
    CHECK(out.records[0].text == "z: 0\n");
    CHECK(out.records[1].text == "b: 1\n");
    CHECK(out.records[1].line == 5);
    REQUIRE(out.errors.size() == 1);
    CHECK(out.errors[0].reason == "record-too-large");
    CHECK(out.errors[0].line == 3);
    CHECK(out.errors[0].offset == 9);
  }
}

TEST_CASE("a capture header over the size limit makes its document's records too large", "[framing][yaml]") {
  // K8: dropping the header alone would hand on the List's items without it, which the
  // default limit never does. A long comment before a document is only passed over.
  FramingLimits limits;
  limits.max_record_bytes = 64;
  const std::string header = "# {\"observedAt\":\"" + std::string(80, '1') + "\"}\n";
  const std::string list = "apiVersion: v1\nitems:\n- kind: Pod\n  x: 1\n- kind: Pod\n  x: 2\n";
  const Output whole = frame_yaml(header + list);
  REQUIRE(whole.records.size() == 2);
  CHECK_FALSE(whole.records[0].header.empty());
  for (const std::vector<size_t>& cuts : std::vector<std::vector<size_t>>{{}, {3}, {30, 90}}) {
    CAPTURE(cuts);
    const Output tight = frame_yaml(header + list, cuts, limits);
    CHECK(tight.records.empty());
    REQUIRE(tight.errors.size() == 2);
    CHECK(tight.errors[0].reason == "record-too-large");
  }
  const Output comment = frame_yaml("# " + std::string(100, 'c') + "\n" + list, {}, limits);
  CHECK(comment.records.size() == 2);
  CHECK(comment.errors.empty());
  // A later header line replaces the long one, as it would replace any header.
  const Output replaced = frame_yaml(header + "# {\"a\":1}\n" + list, {}, limits);
  REQUIRE(replaced.records.size() == 2);
  CHECK(replaced.records[0].header == "{\"a\":1}");
}

TEST_CASE("a document marker line over the size limit still ends the document", "[framing][yaml]") {
  FramingLimits limits;
  limits.max_record_bytes = 64;
  const std::string input = "items:\n- a: 1\n--- " + std::string(100, '>') + "\n# {\"h\":1}\nb: 2\n";
  const Output whole = frame_yaml(input);
  const Output tight = frame_yaml(input, {}, limits);
  CHECK(tight == whole);
  REQUIRE(tight.records.size() == 2);
  CHECK(tight.records[1].header == "{\"h\":1}");
}

// ---- the engine: replay never depends on how bytes are cut or files ordered (spec 1.2) ----

#include "test_support.hpp"

TEST_CASE("replay: chunk sizes do not change the output", "[framing][engine]") {
  using namespace kspan::test;
  for (const char* name : {"harvester/core-v1-events.yaml", "sonobuoy/kube-system-events-2017.json",
                           "kspan/deployment-update.capture.yaml"}) {
    CAPTURE(name);
    const Source source = fixture_source(name);
    const Result whole = run({source});
    const Result bytewise = run_chunked({source}, test_settings(), [] { return size_t(1); });
    size_t n = 0;
    const Result ragged = run_chunked({source}, test_settings(), [&n] { return 1 + (n++ * 37) % 4099; });
    CHECK(bytewise.otlp == whole.otlp);
    CHECK(ragged.otlp == whole.otlp);
    CHECK(bytewise.counters.records == whole.counters.records);
    CHECK(ragged.counters.events == whole.counters.events);
  }
}

TEST_CASE("replay: the order of the files does not change the tree", "[framing][engine]") {
  using namespace kspan::test;
  const Source events = fixture_source("support-bundle-velero/cluster-resources/events/velero.json");
  const Source pods = fixture_source("support-bundle-velero/cluster-resources/pods/velero.json");
  const Source replicasets = fixture_source("support-bundle-velero/cluster-resources/replicasets/velero.json");
  const Source deployments = fixture_source("support-bundle-velero/cluster-resources/deployments/velero.json");
  const Result a = run({events, pods, replicasets, deployments});
  const Result b = run({deployments, replicasets, pods, events});
  CHECK(canonical_tree(a.tree) == canonical_tree(b.tree));
  CHECK(a.counters.spans == b.counters.spans);
}
