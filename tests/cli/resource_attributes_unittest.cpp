#include "resource_attributes.hpp"

#include <catch2/catch.hpp>

using kspan::cli::AttributeList;
using kspan::cli::parse_resource_attributes;

namespace {
std::optional<AttributeList> parse(const char* text) {
  std::string error;
  auto result = parse_resource_attributes(text, error);
  if (!result) CHECK_FALSE(error.empty());
  return result;
}
}  // namespace

TEST_CASE("OTEL_RESOURCE_ATTRIBUTES pairs in order", "[resource_attributes]") {
  auto list = parse("k8s.cluster.name=prod,deployment.environment=staging");
  REQUIRE(list);
  CHECK(*list == AttributeList{{"k8s.cluster.name", "prod"}, {"deployment.environment", "staging"}});
  CHECK(parse("")->empty());
}

TEST_CASE("OTEL_RESOURCE_ATTRIBUTES is percent-decoded and trimmed", "[resource_attributes]") {
  auto list = parse(" team = sre%2Cplatform , note=a%3Db%20c,empty=, ");
  REQUIRE(list);
  CHECK(*list == AttributeList{{"team", "sre,platform"}, {"note", "a=b c"}, {"empty", ""}});
  CHECK(parse("k=caf%C3%A9")->front().second == "caf\xC3\xA9");
}

TEST_CASE("a malformed OTEL_RESOURCE_ATTRIBUTES is refused whole", "[resource_attributes]") {
  CHECK_FALSE(parse("good=1,novalue"));
  CHECK_FALSE(parse("=value"));
  CHECK_FALSE(parse("k=%zz"));
  CHECK_FALSE(parse("k=abc%4"));
  CHECK_FALSE(parse("k=abc%"));
}
