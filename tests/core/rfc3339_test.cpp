#include "rfc3339.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <string>

using kspan::format_rfc3339;
using kspan::parse_rfc3339;

TEST_CASE("times are written as UTC with nine fraction digits", "[rfc3339]") {
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00.000000000Z");
  CHECK(format_rfc3339(1'700'000'000'123'456'789) == "2023-11-14T22:13:20.123456789Z");
  CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59.999999999Z");
  CHECK(format_rfc3339(951'782'400'000'000'000) == "2000-02-29T00:00:00.000000000Z");  // a leap day
}

TEST_CASE("written times read back as the same instant, from 1970 on", "[rfc3339]") {  // parse takes none before
  uint64_t state = 42;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto ns = static_cast<int64_t>(state >> 1);  // years 1970..2262
    const std::string text = format_rfc3339(ns);
    INFO(ns << " -> " << text);
    REQUIRE(text.size() == 30);
    CHECK(parse_rfc3339(text) == ns);
  }
}

TEST_CASE("the extremes of int64 nanoseconds are written whole", "[rfc3339]") {
  CHECK(format_rfc3339(INT64_MAX) == "2262-04-11T23:47:16.854775807Z");
  CHECK(format_rfc3339(INT64_MIN) == "1677-09-21T00:12:43.145224192Z");
}
