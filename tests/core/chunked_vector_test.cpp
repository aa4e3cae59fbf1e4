// The owner graph's node storage: indexed like a vector, growing without moving elements.
#include <catch2/catch.hpp>

#include <string>

#include "chunked_vector.hpp"

using namespace kspan;

TEST_CASE("a chunked vector keeps every element at its index across chunks", "[chunked]") {
  ChunkedVector<std::string, 2> v;  // chunks of 4
  CHECK(v.empty());
  for (int i = 0; i < 11; ++i) v.emplace_back() = "element " + std::to_string(i);
  REQUIRE(v.size() == 11);
  for (int i = 0; i < 11; ++i) CHECK(v[i] == "element " + std::to_string(i));
  const auto& constant = v;
  CHECK(constant[10] == "element 10");
}

TEST_CASE("growing a chunked vector never moves its elements", "[chunked]") {
  ChunkedVector<std::string, 2> v;
  std::string& first = v.emplace_back();
  first = "kept in place";
  const std::string* address = &first;
  for (int i = 0; i < 100; ++i) v.emplace_back();
  CHECK(&v[0] == address);
  CHECK(v[0] == "kept in place");
  CHECK(v[99].empty());  // new elements are default-constructed
}
