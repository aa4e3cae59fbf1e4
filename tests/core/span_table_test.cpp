// The viewer's span table holds every span once, in the tree writer's order, with its
// parent row, attributes and links resolved through the string table.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kspan/span_table_writer.hpp"
#include "test_support.hpp"

using namespace kspan;
using namespace kspan::test;

namespace {
struct TableAndTree : SpanSink {
  SpanTableWriter table;
  TreeWriter tree;
  void on_span(const Span& span, const Resource& resource) override {
    table.on_span(span, resource);
    tree.on_span(span, resource);
  }
};

std::string attribute(const SpanTable& t, size_t row, const std::string& key) {
  for (uint32_t a = t.attr_start[row]; a < t.attr_start[row + 1]; ++a)
    if (t.strings[t.attr_key[a]] == key)
      return t.attr_type[a] == 0 ? t.strings[static_cast<size_t>(t.attr_value[a])] : std::to_string(t.attr_value[a]);
  return "<absent>";
}
}  // namespace

TEST_CASE("the span table lists the tree's spans in the tree's order", "[table]") {
  TableAndTree sink;
  cli::YamlToJson yaml;
  Engine engine(test_settings(), sink, &yaml);
  for (const char* path : {"support-bundle-velero/cluster-resources/events/velero.json",
                           "support-bundle-velero/cluster-resources/pods/velero.json",
                           "support-bundle-velero/cluster-resources/replicasets/velero.json",
                           "support-bundle-velero/cluster-resources/deployments/velero.json"}) {
    engine.begin_source(path);
    engine.push(fixture(path));
    engine.end_source();
  }
  engine.finish();
  const SpanTable t = sink.table.table();
  const size_t n = t.id.size();
  REQUIRE(n == 70);
  CHECK(t.strings[0].empty());
  CHECK(nlohmann::json::parse(t.strings_json()) == nlohmann::json(t.strings));
  CHECK(t.attr_start.size() == n + 1);
  CHECK(t.link_start.size() == n + 1);

  std::istringstream tree(sink.tree.to_text());
  std::string line;
  for (size_t row = 0; row < n; ++row) {
    REQUIRE(std::getline(tree, line));
    INFO(line);
    // "<row>: <service> <name> (<parent row>) ..."
    const std::string expected_prefix = std::to_string(row) + ": " +
                                        attribute_string(t.resources[t.resource[row]].attributes, "service.name") + " " +
                                        t.strings[t.name[row]];
    CHECK(line.rfind(expected_prefix, 0) == 0);
    if (t.parent[row] >= 0) {
      CHECK(line.find(" (" + std::to_string(t.parent[row]) + ") ") != std::string::npos);
      CHECK(t.depth[row] == t.depth[t.parent[row]] + 1);
      CHECK(t.trace[row] == t.trace[t.parent[row]]);
      CHECK(t.parent[row] < static_cast<int32_t>(row));
      CHECK(t.parent_id[row] == t.id[t.parent[row]]);
    } else {
      CHECK(t.depth[row] == 0);
      CHECK(t.parent_id[row] == 0);
    }
    CHECK(t.start_us[row] <= t.end_us[row]);
  }
  // Values come back through the string table, numbers as numbers.
  size_t backoff = n;
  for (size_t row = 0; row < n; ++row)
    if (t.strings[t.name[row]] == "Pod.BackOff") backoff = row;
  REQUIRE(backoff < n);
  CHECK(attribute(t, backoff, "k8s.event.message") == "Back-off restarting failed container");
  CHECK(t.status[backoff] == 2);
  CHECK(t.strings[t.status_message[backoff]] == "Back-off restarting failed container");
  CHECK(attribute(t, backoff, "k8s.event.count") != "<absent>");
}
