// List items parsed where the framer finds them (RecordProbe + parse_record_prefix) give exactly
// the records, lines, offsets and errors of framing first and parsing after, whatever the chunking.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "json_framer.hpp"
#include "kspan/counters.hpp"
#include "pruned_parser.hpp"
#include "test_support.hpp"

using namespace kspan;

namespace {

struct Seen {
  std::string text;
  uint64_t line;
  uint64_t offset;
  bool operator==(const Seen& o) const { return text == o.text && line == o.line && offset == o.offset; }
};

struct Output {
  std::vector<Seen> records;  // framed or probed, in order
  std::vector<Seen> errors;   // reason, line, offset
  size_t probed = 0;
  bool operator==(const Output& o) const { return records == o.records && errors == o.errors; }
};

std::ostream& operator<<(std::ostream& os, const Output& out) {
  for (const auto& r : out.records) os << "[" << r.line << "@" << r.offset << "] " << r.text << "\n";
  for (const auto& e : out.errors) os << "error " << e.text << " " << e.line << "@" << e.offset << "\n";
  return os;
}

Output frame(const std::string& input, size_t chunk, bool with_probe, FramingLimits limits = {}) {
  Output out;
  RecordDocument document;
  RecordProbe probe = nullptr;
  if (with_probe) {
    probe = [&](const RawRecord& r) -> size_t {
      const size_t taken = parse_record_prefix(r.text, limits.max_depth, document);
      if (taken > 0) {
        out.records.push_back({std::string(r.text.substr(0, taken)), r.line, r.offset});
        ++out.probed;
      }
      return taken;
    };
  }
  JsonFramer framer([&](const RawRecord& r) { out.records.push_back({std::string(r.text), r.line, r.offset}); },
                    [&](const FramingError& e) { out.errors.push_back({e.reason, e.line, e.offset}); }, limits, probe);
  for (size_t at = 0; at < input.size(); at += chunk) framer.push(std::string_view(input).substr(at, chunk));
  framer.finish();
  return out;
}

std::string nested(int levels, const std::string& key) {
  std::string text;
  for (int i = 0; i < levels; ++i) text += "{\"" + key + "\":";
  text += "1";
  for (int i = 0; i < levels; ++i) text += "}";
  return text;
}

}  // namespace

TEST_CASE("a prefix parse takes exactly the first object and builds what parse_record builds", "[probe]") {
  const std::string record = R"({"kind": "Event", "metadata": {"name": "a\"}", "labels": {"x": "}"}},
  "message": "line\nnext \u00e9", "spec": {"a": [1, {"b": "]"}]}})";
  const std::string text = record + ",\n  {\"kind\": \"Pod\"}]}";  // the document's strings point into it
  RecordDocument prefix_document;
  const size_t taken = parse_record_prefix(text, 200, prefix_document);
  CHECK(taken == record.size());
  RecordDocument whole;
  std::string error;
  REQUIRE(parse_record(record, ParseScope::Pruned, whole, error));
  const JsonView a = prefix_document.root();
  const JsonView b = whole.root();
  CHECK(a.member("kind").text() == b.member("kind").text());
  CHECK(a.member("metadata").member("name").text() == "a\"}");
  CHECK(a.member("message").text() == b.member("message").text());
  CHECK(a.member("spec").is_object());
  CHECK_FALSE(a.member("spec").begin() != a.member("spec").end());  // a placeholder, left empty
}

TEST_CASE("a prefix parse gives up on what the framer must decide", "[probe]") {
  RecordDocument document;
  CHECK(parse_record_prefix(R"({"kind": "Event", "message": "cut)", 200, document) == 0);  // ends early
  CHECK(parse_record_prefix(R"({"kind": "Event")", 200, document) == 0);
  CHECK(parse_record_prefix(R"({"kind": "Event",})", 200, document) == 0);  // invalid
  // A skipped scalar the framer would read as a string or a container start.
  CHECK(parse_record_prefix(R"({"spec": x"}"} "})", 200, document) == 0);
  CHECK(parse_record_prefix(R"({"spec": x{}, "a": 1})", 200, document) == 0);
  CHECK(parse_record_prefix(R"({"spec": 12, "a": 1})", 200, document) > 0);
  // Nesting: the framer's limit counts the record's own object as level 1, kept or skipped.
  CHECK(parse_record_prefix(nested(200, "metadata"), 200, document) > 0);
  CHECK(parse_record_prefix(nested(201, "metadata"), 200, document) == 0);
  CHECK(parse_record_prefix("{\"spec\":" + nested(199, "x") + "}", 200, document) > 0);
  CHECK(parse_record_prefix("{\"spec\":" + nested(200, "x") + "}", 200, document) == 0);
  CHECK(parse_record_prefix("{\"spec\":[" + nested(199, "x") + "]}", 200, document) == 0);
  // Escaped text beyond the room reserved for the record.
  std::string escaped = "{\"message\": \"";
  for (int i = 0; i < 70000; ++i) escaped += "\\n";  // 70,000 bytes once unescaped
  escaped += "\"}";
  CHECK(parse_record_prefix(escaped, 200, document) == 0);
  RecordDocument fresh;
  const std::string shorter = escaped.substr(0, 13 + 2000) + "\"}";
  CHECK(parse_record_prefix(shorter, 200, fresh) == shorter.size());
}

TEST_CASE("framing with a probe gives the records, lines and errors of framing alone, for every chunk size", "[probe]") {
  const std::string list =
      "{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n"
      "    {\n      \"kind\": \"Event\",\n      \"message\": \"a { b [ \\\" c\"\n    },\n"
      "    {\"kind\": \"Pod\", \"spec\": {\"x\": [1, 2, {\"y\": \"}\"}]}},\n"
      "    \"a scalar\",\n"
      "    {\"kind\": \"Event\", \"message\": \"raw\ncontrol\"},\n"  // invalid JSON: the framer frames it
      "    {\"kind\": \"Pod\", \"spec\": x\"}\"},\n"                 // not strict: framed, parse fails later
      "    " + nested(201, "metadata") + ",\n"                      // too deep
      "    {\"kind\": \"Event\", \"message\": \"\\u00e9\\n\"}\n"
      "  ],\n  \"kind\": \"List\"\n}\n"
      "[{\"kind\": \"Event\"}, {\"kind\": \"Pod\"},\n 7, {\"kind\": \"Event\"}]\n"
      "{\"kind\": \"Event\", \"message\": \"a top-level object\"}\n"
      "{\"items\": [{\"kind\": \"cut";
  const Output alone = frame(list, list.size(), false);
  const Output whole = frame(list, list.size(), true);
  CHECK(whole == alone);
  CHECK(whole.probed >= 6);  // most items were parsed in place
  for (size_t chunk : {1, 2, 3, 7, 16, 64, 100, 333}) {
    INFO("chunk " << chunk);
    CHECK(frame(list, chunk, true) == alone);
  }
  FramingLimits small;
  small.max_record_bytes = 40;  // the probe sees no more than the limit: larger items are framed
  CHECK(frame(list, list.size(), true, small) == frame(list, list.size(), false, small));
}

TEST_CASE("a List whose items close early is reported at the List's start, whichever items were parsed in place", "[probe]") {
  // K11: the error named the last item the framer framed, so an item parsed in place (whole push)
  // or framed (cut by a chunk) moved it. It names the List object, at its own line and offset.
  const std::string input = "{\"kind\":\"List\",\"items\":[\n{\"kind\":\"Event\",\"metadata\":{\"name\":x}},"
                            "\"a\":{\"b\":1},\"c\":2},\n{\"kind\":\"Event\"}\n]}\n";
  const Output alone = frame(input, input.size(), false);
  const Output whole = frame(input, input.size(), true);
  CHECK(whole.probed >= 1);  // {"b":1} was parsed in place
  const Seen does_not_end{"invalid-json", 1, 0};
  CHECK(std::count(alone.errors.begin(), alone.errors.end(), does_not_end) == 1);
  CHECK(whole == alone);
  for (size_t chunk = 1; chunk < input.size(); ++chunk) {
    INFO("chunk " << chunk);
    CHECK(frame(input, chunk, true) == alone);
  }
}

TEST_CASE("the engine counts and places the skips of a List whose items close early the same for every chunking", "[probe]") {
  // K11 end to end, as the fuzzer found it: counters (with the skips' examples) compared as JSON.
  const std::string first = "{\"apiVersion\": \"v1\", \"kind\": \"Event\", \"metadata\": {\"name\":x \"uid\": \"u1\"}, "
                            "\"involv\": \"p1\"}, \"regarding\": {\"kind\": \"Pod\", \"name\": \"p1\"}, "
                            "\"reason\": \"Pulled\", \"source\": {\"component\": \"kubelet\"}, \"count\": 1},\n";
  const std::string second = "{\"apiVersion\": \"v1\", \"kind\": \"Event\", \"metadata\": {\"name\": \"p1.u2\", \"uid\": \"u2\"}, "
                             "\"involvedObject\": {\"kind\": \"Pod\", \"name\": \"p1\", \"namespace\": \"default\"}, "
                             "\"reason\": \"Started\", \"lastTimestamp\": \"2023-11-14T22:13:20Z\"}\n]}\n";
  const test::Source source{"list.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n" + first + second};
  const std::string whole = counters_to_json(test::run({source}).counters);
  CHECK(whole.find("\"invalid-json\"") != std::string::npos);
  for (size_t chunk : {1, 7, 16, 40, 64, 100}) {
    INFO("chunk " << chunk);
    CHECK(counters_to_json(test::run_chunked({source}, test::test_settings(), [chunk] { return chunk; }).counters) == whole);
  }
}
