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

TEST_CASE("skip_json_space stops at the first byte that is not JSON whitespace", "[scan]") {
  for (size_t run : {0, 1, 15, 16, 17, 40}) {
    const std::string text = std::string(run / 2, ' ') + std::string(run - run / 2, '\n') + "x \t\r";
    CHECK(skip_json_space(text.data(), 0, text.size()) == run);
    const std::string mixed = std::string(run, '\t') + "\r" + std::string(run, ' ') + "\"";
    CHECK(skip_json_space(mixed.data(), 0, mixed.size()) == 2 * run + 1);
  }
  const std::string only(33, ' ');
  CHECK(skip_json_space(only.data(), 0, only.size()) == only.size());
  CHECK(skip_json_space(only.data(), 5, 7) == 7);
}

TEST_CASE("find_string_stop finds quotes, backslashes, control bytes and, when asked, non-ASCII bytes", "[scan]") {
  for (size_t at : {0, 1, 15, 16, 17, 31, 32, 50}) {
    for (char stop : {'"', '\\', '\n', '\x1f', '\0'}) {
      std::string text(64, 'a');
      text[at] = stop;
      CHECK(find_string_stop<true>(text.data(), 0, text.size()) == at);
      CHECK(find_string_stop<false>(text.data(), 0, text.size()) == at);
    }
    std::string utf8(64, 'a');
    utf8[at] = '\xc3';
    CHECK(find_string_stop<true>(utf8.data(), 0, utf8.size()) == at);
    CHECK(find_string_stop<false>(utf8.data(), 0, utf8.size()) == utf8.size());
    std::string high(64, '\x7f');  // DEL and space are plain text
    high[at] = ' ';
    CHECK(find_string_stop<true>(high.data(), 0, high.size()) == high.size());
  }
}
