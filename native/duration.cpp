#include "duration.hpp"

#include <array>
#include <utility>

namespace kspan::cli {
namespace {

// Longer spellings first, so that "ms" is not read as "m" followed by garbage.
constexpr std::array<std::pair<std::string_view, int64_t>, 7> kUnits{{
    {"ns", 1},
    {"us", 1'000},
    {"\xC2\xB5s", 1'000},  // µs
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"m", 60'000'000'000},
    {"h", 3'600'000'000'000},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<int64_t> parse_duration(std::string_view text) {
  if (text == "0") return 0;
  if (text.empty()) return std::nullopt;
  __int128 total = 0;
  constexpr __int128 kMax = INT64_MAX;
  while (!text.empty()) {
    // number: digits, optionally a fraction; at least one digit in all
    __int128 whole = 0, fraction = 0, fraction_scale = 1;
    size_t i = 0, digits = 0;
    for (; i < text.size() && is_digit(text[i]); ++i, ++digits) {
      whole = whole * 10 + (text[i] - '0');
      if (whole > kMax) return std::nullopt;
    }
    if (i < text.size() && text[i] == '.') {
      for (++i; i < text.size() && is_digit(text[i]); ++i, ++digits) {
        if (fraction_scale < 1'000'000'000'000'000'000) {  // finer than 1 ns per hour is noise
          fraction = fraction * 10 + (text[i] - '0');
          fraction_scale *= 10;
        }
      }
    }
    if (digits == 0) return std::nullopt;
    text.remove_prefix(i);

    int64_t unit = 0;
    for (const auto& [name, nanos] : kUnits) {
      if (text.substr(0, name.size()) == name) {
        unit = nanos;
        text.remove_prefix(name.size());
        break;
      }
    }
    if (unit == 0) return std::nullopt;  // a unit is required, as in Go
    total += whole * unit + fraction * unit / fraction_scale;
    if (total > kMax) return std::nullopt;
  }
  return static_cast<int64_t>(total);
}

}  // namespace kspan::cli
