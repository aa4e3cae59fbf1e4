// The lazy record parser keeps exactly what decoding reads: decoding a record from its text
// gives the same events and objects as decoding the fully parsed document; parsed fully, the
// document holds what nlohmann_json reads from the same text.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "event_decoder.hpp"
#include "pruned_parser.hpp"
#include "test_support.hpp"

using namespace kspan;
using namespace kspan::test;
using json = nlohmann::json;

namespace {
std::string describe(const ObjectRef& r) {
  return r.api_version + "|" + r.kind + "|" + r.ns + "|" + r.name + "|" + r.uid + "|" + r.field_path;
}

// Everything decoding produced, written out so two runs can be compared.
struct Recorder : DecodedSink {
  std::ostringstream out;
  void on_event(Event&& e) override {
    out << "E " << e.uid << " " << e.name << " " << e.ns << " " << describe(e.involved) << " "
        << (e.related ? describe(*e.related) : "-") << " " << e.reason << " " << e.type << " " << e.message << " "
        << e.component << " " << e.instance << " " << e.action << " " << e.count.value_or(-1) << " "
        << e.first_ns.value_or(-1) << " " << e.last_ns << " " << e.effective_ns << " " << e.resource_version << " "
        << e.top_level << "\n";
  }
  void on_object(ObjectObservation&& o) override {
    out << "O " << describe(o.ref) << " " << o.generation << " " << o.resource_version;
    for (const auto& owner : o.owners) out << " owner " << describe(owner.ref) << " " << owner.controller;
    for (const auto& change : o.spec_changes) out << " spec " << change.time_ns << " " << change.manager << " " << change.operation;
    out << "\n";
  }
};

// The document as nlohmann_json values, to compare with nlohmann_json's own parse.
json to_json(JsonView value, const RecordDocument& document, uint32_t index) {
  const auto& node = document.node(index);
  switch (node.type) {
    case JsonType::Null: return nullptr;
    case JsonType::Bool: return node.integer != 0;
    case JsonType::Integer: return node.integer;
    case JsonType::Number: return json::parse(node.text);
    case JsonType::String: return std::string(node.text);
    case JsonType::Object: {
      json out = json::object();
      for (uint32_t c = node.first_child; c != RecordDocument::kNone; c = document.node(c).next_sibling)
        out[std::string(document.node(c).key)] = to_json(value, document, c);
      return out;
    }
    case JsonType::Array: {
      json out = json::array();
      for (uint32_t c = node.first_child; c != RecordDocument::kNone; c = document.node(c).next_sibling)
        out.push_back(to_json(value, document, c));
      return out;
    }
  }
  return nullptr;
}

json parsed(std::string_view text, ParseScope scope = ParseScope::Everything) {
  RecordDocument document;
  std::string error;
  REQUIRE(parse_record(text, scope, document, error));
  return to_json(document.root(), document, 0);
}

const char* const kFixtureLists[] = {"support-bundle-velero/cluster-resources/events/velero.json",
                                     "support-bundle-velero/cluster-resources/pods/velero.json",
                                     "support-bundle-velero/cluster-resources/replicasets/velero.json",
                                     "support-bundle-velero/cluster-resources/deployments/velero.json",
                                     "troubleshoot/image-pull-fail-events.json", "troubleshoot/oomkill-pod.json"};

std::vector<std::string> records_of(const std::string& path) {
  std::vector<std::string> out;
  const json list = json::parse(fixture(path));
  for (const auto& item : list["items"]) out.push_back(item.dump());
  return out;
}
}  // namespace

TEST_CASE("decoding from text equals decoding the full document, on every fixture record", "[pruned]") {
  for (const char* path : kFixtureLists) {
    SECTION(path) {
      RecordDocument document;
      for (const auto& text : records_of(path)) {
        Counters c1, c2;
        Recorder lazy, full;
        const DecodeContext context{Location{"t", 1, 0, ""}, std::nullopt, 2 * kNanosPerSecond};
        decode_record_text(text, context, c1, lazy, document, ParseScope::Pruned);
        decode_record_text(text, context, c2, full, document, ParseScope::Everything);
        REQUIRE(!full.out.str().empty());
        CHECK(lazy.out.str() == full.out.str());
      }
    }
  }
}

TEST_CASE("parsed fully, a record holds what nlohmann_json reads", "[pruned]") {
  for (const char* path : kFixtureLists) {
    SECTION(path) {
      for (const auto& text : records_of(path)) CHECK(parsed(text) == json::parse(text));
    }
  }
  const std::string tricky =
      R"({"a":"\u00e9\ud83d\ude00\n\"\\\/","b":[true,false,null,-0,1e3,-9223372036854775808,9223372036854775807],)"
      R"("c":18446744073709551615,"d":{},"e":[],"f":-1.5E-2,"a2":"x"})";
  CHECK(parsed(tricky) == json::parse(tricky));
}

TEST_CASE("numbers that do not fit int64 are not integers", "[pruned]") {
  RecordDocument document;
  std::string error;
  REQUIRE(parse_record(R"({"a":9223372036854775808,"b":-9223372036854775809,"c":1.0,"d":-7})", ParseScope::Everything,
                       document, error));
  const JsonView root = document.root();
  CHECK(root.member("a").type() == JsonType::Number);
  CHECK(root.member("b").type() == JsonType::Number);
  CHECK(root.member("c").type() == JsonType::Number);
  CHECK(root.member("d").type() == JsonType::Integer);
  CHECK(root.member("d").integer() == -7);
}

TEST_CASE("a repeated key reads as its last value; null reads as absent", "[pruned]") {
  RecordDocument document;
  std::string error;
  REQUIRE(parse_record(R"({"kind":"A","kind":"B","x":null})", ParseScope::Pruned, document, error));
  CHECK(document.root().member("kind").text() == "B");
  CHECK_FALSE(document.root().member("x").present());
  CHECK_FALSE(document.root().member("missing").present());
}

TEST_CASE("the lazy parser keeps kept values exactly and skipped ones as empty placeholders", "[pruned]") {
  const std::string text = R"({"kind":"Pod","spec":{"a":[1,{"b":"}"}]},"metadata":{"name":"p\u00e9\"x",
    "labels":{"x":"y"},"annotations":{"topLevelSpan":"true","other":"z"},
    "managedFields":[{"manager":"m","fieldsV1":{"f:spec":{"f:x":{}}},"time":"t"}],"generation":-3},"n":1.5e2})";
  json out = parsed(text, ParseScope::Pruned);
  CHECK(out["spec"] == json::object());
  CHECK(out["metadata"]["name"] == "p\xc3\xa9\"x");
  CHECK(out["metadata"]["labels"] == json::object());
  CHECK(out["metadata"]["annotations"] == json{{"topLevelSpan", "true"}});
  CHECK(out["metadata"]["managedFields"][0]["fieldsV1"] == json{{"f:spec", json::object()}});
  CHECK(out["metadata"]["generation"] == -3);
  CHECK(out["n"] == 150.0);  // scalars of the record itself are kept
}

TEST_CASE("the lazy parser reports where a record is broken", "[pruned]") {
  RecordDocument out;
  std::string error;
  const auto parse_pruned = [](std::string_view text, RecordDocument& document, std::string& error) {
    return parse_record(text, ParseScope::Pruned, document, error);
  };
  CHECK_FALSE(parse_pruned(R"({"kind":"Pod","metadata":{"name":"a"})", out, error));
  CHECK(error.find("byte 37") != std::string::npos);
  CHECK_FALSE(parse_pruned(R"({"kind":"Po)", out, error));
  CHECK_FALSE(parse_pruned(R"({"kind":"Pod"} x)", out, error));
  CHECK(error.find("after the record") != std::string::npos);
  CHECK_FALSE(parse_pruned("{\"kind\":\"P\xff\"}", out, error));
  CHECK(error.find("UTF-8") != std::string::npos);
  CHECK_FALSE(parse_pruned(R"({"kind":"P\q"})", out, error));
  CHECK_FALSE(parse_pruned(R"({"count":01})", out, error));
}
