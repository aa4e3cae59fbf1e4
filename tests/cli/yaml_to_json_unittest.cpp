#include "yaml_to_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {
json convert(const std::string& yaml) {
  kspan::cli::YamlToJson converter;
  std::string text, error;
  INFO(yaml);
  REQUIRE(converter.to_json(yaml, text, error));
  return json::parse(text);
}

std::string error_of(const std::string& yaml) {
  kspan::cli::YamlToJson converter;
  std::string text, error;
  CHECK_FALSE(converter.to_json(yaml, text, error));
  return error;
}
}  // namespace

TEST_CASE("quoted scalars stay strings", "[yaml]") {
  json j = convert("a: \"null\"\nb: '5361642'\nc: \"true\"\nd: 'x'\n");
  CHECK(j["a"] == "null");
  CHECK(j["b"] == "5361642");
  CHECK(j["c"] == "true");
  CHECK(j["d"] == "x");
}

TEST_CASE("plain scalars take the core schema's types", "[yaml]") {
  json j = convert(
      "n1: null\nn2: ~\nn3:\nt: true\nf: False\ni: 94\nneg: -3\nhex: 0x1F\noct: 0o17\n"
      "big: 18446744073709551615\nfl: 1.5\nexp: 2e3\ns: hello world\nv: v1\ninf: .inf\ntime: 2021-07-06T14:17:04Z\n");
  CHECK(j["n1"].is_null());
  CHECK(j["n2"].is_null());
  CHECK(j["n3"].is_null());
  CHECK(j["t"] == true);
  CHECK(j["f"] == false);
  CHECK(j["i"] == 94);
  CHECK(j["neg"] == -3);
  CHECK(j["hex"] == 31);
  CHECK(j["oct"] == 15);
  CHECK(j["big"] == 18446744073709551615ULL);
  CHECK(j["fl"] == 1.5);
  CHECK(j["exp"] == 2000.0);
  CHECK(j["s"] == "hello world");
  CHECK(j["v"] == "v1");
  CHECK(j["inf"] == ".inf");  // JSON has no infinity
  CHECK(j["time"] == "2021-07-06T14:17:04Z");
}

TEST_CASE("nested maps and lists", "[yaml]") {
  json j = convert(R"(kind: List
items:
- metadata:
    name: web-1
    labels: {app: web, tier: "1"}
  involvedObject:
    kind: Pod
  count: 3
- []
)");
  CHECK(j["kind"] == "List");
  REQUIRE(j["items"].size() == 2);
  CHECK(j["items"][0]["metadata"]["name"] == "web-1");
  CHECK(j["items"][0]["metadata"]["labels"]["tier"] == "1");
  CHECK(j["items"][0]["count"] == 3);
  CHECK(j["items"][1] == json::array());
}

TEST_CASE("multi-line strings", "[yaml]") {
  json j = convert(
      "literal: |\n  line one\n  line two\nfolded: >\n  same\n  line\nquoted: \"a\\nb\"\n"
      "plain: first\n  second\n");
  CHECK(j["literal"] == "line one\nline two\n");
  CHECK(j["folded"] == "same line\n");
  CHECK(j["quoted"] == "a\nb");
  CHECK(j["plain"] == "first second");
}

TEST_CASE("a block scalar that looks like a number stays a string", "[yaml]") {
  CHECK(convert("a: |\n  42\n")["a"] == "42\n");
  CHECK(convert("a: !!str 42\n")["a"] == "42");
}

TEST_CASE("a syntax error reports its line", "[yaml]") {
  std::string error = error_of("a: 1\nb: 2\nc: [unclosed\nd: 4\n");
  CHECK(error.find("line ") != std::string::npos);
  CHECK(error_of("ok: 1\n  bad: indentation: here\n").find("line 2") != std::string::npos);
}

TEST_CASE("deep nesting and alias bombs fail cleanly", "[yaml]") {
  CHECK(error_of(std::string(10000, '[') + std::string(10000, ']')).find("nesting deeper") != std::string::npos);
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'k'; ++name, ++previous) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + previous;
    bomb += "]\n";
  }
  CHECK(error_of(bomb).find("aliases") != std::string::npos);
}
