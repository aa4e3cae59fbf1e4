#include "duration.hpp"

#include <catch2/catch.hpp>

using kspan::cli::parse_duration;

TEST_CASE("durations in the units users write", "[duration]") {
  CHECK(parse_duration("5s") == 5'000'000'000);
  CHECK(parse_duration("300ms") == 300'000'000);
  CHECK(parse_duration("5m") == 300'000'000'000);
  CHECK(parse_duration("1h") == 3'600'000'000'000);
  CHECK(parse_duration("250us") == 250'000);
  CHECK(parse_duration("250\xC2\xB5s") == 250'000);
  CHECK(parse_duration("7ns") == 7);
  CHECK(parse_duration("0") == 0);
  CHECK(parse_duration("0s") == 0);
}

TEST_CASE("durations with fractions and several parts", "[duration]") {
  CHECK(parse_duration("1.5s") == 1'500'000'000);
  CHECK(parse_duration(".5s") == 500'000'000);
  CHECK(parse_duration("1h30m") == 5'400'000'000'000);
  CHECK(parse_duration("1m0.25s") == 60'250'000'000);
}

TEST_CASE("bad durations are refused", "[duration]") {
  for (const char* bad : {"", "5", "s", "-5s", "5 s", "5sec", "5S", "1.s.", "abc", "1d", "5s ", ".s", "1e3s"}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad).has_value());
  }
}

TEST_CASE("durations that do not fit are refused", "[duration]") {
  CHECK(parse_duration("2562047h") == 2562047LL * 3'600'000'000'000);
  CHECK_FALSE(parse_duration("2562048h").has_value());
  CHECK_FALSE(parse_duration("99999999999999999999999s").has_value());
}
