#include "resource_keys.hpp"

#include <catch2/catch.hpp>
#include <string>

using kspan::PairHash;
using kspan::ResourceKeys;

namespace {
struct EveryPairCollides {
  uint64_t operator()(std::string_view, std::string_view) const { return 42; }
};

template <typename Keys>
void check_pairs(Keys& keys) {
  for (uint32_t i = 0; i < 200; ++i) keys.add("kubelet", "node-" + std::to_string(i), i);
  keys.add("kubelet", "", 200);
  keys.add("", "kubelet", 201);
  keys.add("kube", "letnode-1", 202);  // the same bytes as ("kubelet", "node-1") joined
  CHECK(keys.size() == 203);
  for (uint32_t i = 0; i < 200; ++i) CHECK(keys.find("kubelet", "node-" + std::to_string(i)) == i);
  CHECK(keys.find("kubelet", "") == 200);
  CHECK(keys.find("", "kubelet") == 201);
  CHECK(keys.find("kube", "letnode-1") == 202);
  CHECK(keys.find("kubelet", "node-200") == Keys::kNone);
  CHECK(keys.find("", "") == Keys::kNone);
}
}  // namespace

TEST_CASE("resources are found by their service and instance, and only by both", "[resource_keys]") {
  ResourceKeys<> keys;
  check_pairs(keys);
}

TEST_CASE("pairs whose hashes collide are still told apart", "[resource_keys]") {
  ResourceKeys<EveryPairCollides> keys;
  check_pairs(keys);
}

TEST_CASE("the pair hash separates where one text ends and the next begins", "[resource_keys]") {
  const PairHash hash;
  CHECK(hash("ab", "c") != hash("a", "bc"));
  CHECK(hash("", "x") != hash("x", ""));
  CHECK(hash("12345678", "9") != hash("1234567", "89"));
  CHECK(hash("kubelet", "node-1") == hash(std::string("kubelet"), std::string("node-1")));
}
