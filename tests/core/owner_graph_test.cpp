// The owner graph's identity (spec section 1): (API group, kind, namespace, name).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "owner_graph.hpp"

using namespace kspan;

TEST_CASE("objects that differ only in their API group are different objects, however many groups", "[owner_graph]") {
  // Kinds kspan does not know take their group from apiVersion, free text in the input: a
  // hostile input can name a new group with every object (which used to cost a scan each).
  OwnerGraph graph;
  constexpr int kGroups = 20000;
  std::vector<ObjId> ids;
  for (int i = 0; i < kGroups; ++i) {
    const std::string group = "g" + std::to_string(i) + ".example.com";
    ids.push_back(graph.intern("Widget", group + "/v1", "shop", "w"));
  }
  CHECK(graph.size() == kGroups);
  for (int i = 0; i < kGroups; i += 997) {
    const std::string group = "g" + std::to_string(i) + ".example.com";
    CHECK(graph.find(group, "Widget", "shop", "w") == ids[static_cast<size_t>(i)]);
    CHECK(graph.intern("Widget", group + "/v2", "shop", "W") == ids[static_cast<size_t>(i)]);  // names without case
    CHECK(graph.group_name(graph.node(ids[static_cast<size_t>(i)])) == group);
  }
  CHECK(graph.find("", "Widget", "shop", "w") == kNoObject);
  CHECK(graph.size() == kGroups);
}
