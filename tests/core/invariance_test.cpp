// The result depends only on the set of records (spec 1.2): not on the input format, the
// order of records in the file, or how bytes are cut into push() chunks.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>

#include "test_support.hpp"

using namespace kspan::test;
using json = nlohmann::json;

namespace {

// The velero bundle: events, pods, replicasets and deployments, as one list of records.
std::vector<json> velero_records() {
  std::vector<json> records;
  for (const char* kind : {"events", "pods", "replicasets", "deployments"}) {
    const json list = json::parse(fixture(std::string("support-bundle-velero/cluster-resources/") + kind + "/velero.json"));
    for (const auto& item : list["items"]) records.push_back(item);
  }
  return records;
}

std::string as_list(const std::vector<json>& records) {
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"metadata", json::object()}, {"items", records}};
  return list.dump(2);
}

std::string as_lines(const std::vector<json>& records) {
  std::string out;
  for (const auto& record : records) out += record.dump() + "\n";
  return out;
}

std::string as_concatenated(const std::vector<json>& records) {
  std::string out;
  for (const auto& record : records) out += record.dump(4) + "\n";
  return out;
}

std::string as_envelopes(const std::vector<json>& records) {
  std::string out;
  for (const auto& record : records) out += json{{"type", "ADDED"}, {"object", record}}.dump() + "\n";
  return out;
}

std::string as_bare_array(const std::vector<json>& records) { return json(records).dump(1); }

// Block-style YAML as kubectl writes it: strings double-quoted, so every scalar keeps its type.
void yaml_value(std::string& out, const json& value, int indent, bool in_sequence);

std::string yaml_scalar(const json& value) {
  if (value.is_string()) return value.dump();
  if (value.is_null()) return "null";
  return value.dump();
}

void yaml_value(std::string& out, const json& value, int indent, bool in_sequence) {
  const std::string pad(indent, ' ');
  if (value.is_object() && !value.empty()) {
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      out += (first && in_sequence) ? "" : pad;
      first = false;
      out += json(key).dump() + ":";
      if ((item.is_object() || item.is_array()) && !item.empty()) {
        out += "\n";
        yaml_value(out, item, indent + 2, false);
      } else {
        out += " " + (item.is_object() ? "{}" : item.is_array() ? "[]" : yaml_scalar(item)) + "\n";
      }
    }
  } else if (value.is_array() && !value.empty()) {
    for (const auto& item : value) {
      out += pad + "- ";
      if ((item.is_object() || item.is_array()) && !item.empty()) yaml_value(out, item, indent + 2, true);
      else out += (item.is_object() ? "{}" : item.is_array() ? "[]" : yaml_scalar(item)) + "\n";
    }
  }
}

std::string as_yaml_list(const std::vector<json>& records) {
  std::string out = "apiVersion: v1\nitems:\n";
  for (const auto& record : records) {
    out += "- ";
    yaml_value(out, record, 2, true);
  }
  return out + "kind: List\nmetadata:\n  resourceVersion: \"\"\n";
}

std::string as_yaml_documents(const std::vector<json>& records) {
  std::string out;
  for (const auto& record : records) {
    out += "---\n";
    yaml_value(out, record, 0, false);
  }
  return out;
}

}  // namespace

TEST_CASE("the same dump in every input format gives the same tree", "[invariance]") {
  const std::vector<json> records = velero_records();
  const std::string expected = canonical_tree(fixture("support-bundle-velero/expected.tree"));
  const std::vector<std::pair<std::string, std::string>> variants{
      {"list.json", as_list(records)},         {"lines.jsonl", as_lines(records)},
      {"pretty.json", as_concatenated(records)}, {"watch.jsonl", as_envelopes(records)},
      {"array.json", as_bare_array(records)},  {"list.yaml", as_yaml_list(records)},
      {"docs.yaml", as_yaml_documents(records)},
  };
  std::string first_otlp;
  for (const auto& [name, bytes] : variants) {
    SECTION(name) {
      const Result result = run({Source{name, bytes}});
      CHECK(result.counters.skipped.empty());
      CHECK(result.counters.records == records.size());
      CHECK(canonical_tree(result.tree) == expected);
      CHECK(result.otlp == run({Source{"list.json", as_list(records)}}).otlp);
    }
  }
}

TEST_CASE("the order of records does not matter", "[invariance]") {
  std::vector<json> records = velero_records();
  const std::string expected = run({Source{"lines", as_lines(records)}}).otlp;
  std::mt19937 random(20261125);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(records.begin(), records.end(), random);
    INFO("round " << round);
    CHECK(run({Source{"lines", as_lines(records)}}).otlp == expected);
  }
}

TEST_CASE("splitting the records across files does not matter", "[invariance]") {
  const std::vector<json> records = velero_records();
  const std::string expected = run({Source{"all", as_lines(records)}}).otlp;
  std::vector<Source> sources;
  for (size_t i = 0; i < records.size(); i += 7)
    sources.push_back(Source{"part" + std::to_string(i),
                             as_lines(std::vector<json>(records.begin() + i, records.begin() + std::min(i + 7, records.size())))});
  CHECK(run(sources).otlp == expected);
}

TEST_CASE("chunking does not matter", "[invariance]") {
  for (const char* path : {"kspan/deployment-2-pods.capture.yaml", "troubleshoot/image-pull-fail-events.json"}) {
    SECTION(path) {
      const std::vector<Source> sources{fixture_source(path)};
      const Result whole = run(sources);
      REQUIRE(whole.counters.spans > 10);
      const Result bytewise = run_chunked(sources, test_settings(), [] { return size_t(1); });
      CHECK(bytewise.otlp == whole.otlp);
      std::mt19937 random(7);
      std::uniform_int_distribution<size_t> size(1, 4000);
      for (int round = 0; round < 5; ++round)
        CHECK(run_chunked(sources, test_settings(), [&] { return size(random); }).otlp == whole.otlp);
    }
  }
}
