#include "cli_options.hpp"

#include <catch2/catch.hpp>

using namespace kspan::cli;

namespace {
struct Seen {
  std::string output, window;
  bool quiet = false;
};

std::vector<Flag> flags(Seen& seen) {
  return {
      {"--output", "-o", "FILE", "Where to write.", [&seen](const std::string& v) { seen.output = v; }},
      {"--window", "", "DUR", "How long.", [&seen](const std::string& v) { seen.window = v; }},
      {"--quiet", "-q", "", "Say less.", [&seen](const std::string&) { seen.quiet = true; }},
  };
}
}  // namespace

TEST_CASE("flags with values, switches and positionals in any order", "[cli_options]") {
  Seen seen;
  auto parsed = parse_args({"a.json", "-o", "out", "--window=5s", "-", "-q", "--", "--not-a-flag"}, flags(seen));
  CHECK(parsed.positionals == std::vector<std::string>{"a.json", "-", "--not-a-flag"});
  CHECK(seen.output == "out");
  CHECK(seen.window == "5s");
  CHECK(seen.quiet);
  CHECK_FALSE(parsed.help);
  CHECK(parse_args({"-h"}, flags(seen)).help);
}

TEST_CASE("usage mistakes are UsageErrors", "[cli_options]") {
  Seen seen;
  CHECK_THROWS_AS(parse_args({"--nope"}, flags(seen)), UsageError);
  CHECK_THROWS_AS(parse_args({"--window"}, flags(seen)), UsageError);
  CHECK_THROWS_AS(parse_args({"--quiet=1"}, flags(seen)), UsageError);
}

TEST_CASE("the help lists every flag", "[cli_options]") {
  Seen seen;
  std::string help = format_flags(flags(seen));
  for (const char* text : {"-o, --output FILE", "--window DUR", "-q, --quiet", "--help", "Where to write."}) {
    INFO(text);
    CHECK(help.find(text) != std::string::npos);
  }
}
