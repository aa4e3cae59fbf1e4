// The byte scans: the SIMD paths give what a byte-by-byte loop gives, at every length and alignment.
#include <catch2/catch.hpp>

#include <string>

#include "byte_scan.hpp"

using namespace kspan;

TEST_CASE("count_byte counts every match, past the lane folding and in the tail", "[scan]") {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += (i % 7 == 0 || i % 11 == 0) ? '\n' : 'x';
  for (size_t from : {0, 1, 5, 15, 16, 17}) {
    for (size_t size : {0, 1, 15, 16, 17, 255 * 16 - 1, 255 * 16, 255 * 16 + 33, 19000}) {
      size_t expected = 0;
      for (size_t i = from; i < from + size; ++i) expected += text[i] == '\n';
      CHECK(count_byte<'\n'>(text.data() + from, size) == expected);
    }
  }
  const std::string all(16 * 300, '\n');  // every lane at 255 before a fold, then more
  CHECK(count_byte<'\n'>(all.data(), all.size()) == all.size());
  CHECK(count_byte<'{'>(all.data(), all.size()) == 0);
}

TEST_CASE("find_any finds the first stop byte or the end", "[scan]") {
  std::string text(100, 'a');
  text[40] = '"';
  text[70] = '\\';
  CHECK(find_any<'"', '\\'>(text.data(), 0, text.size()) == 40);
  CHECK(find_any<'"', '\\'>(text.data(), 41, text.size()) == 70);
  CHECK(find_any<'"', '\\'>(text.data(), 71, text.size()) == text.size());
}
