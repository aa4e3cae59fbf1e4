#include "byte_reader.hpp"

#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace kspan::cli;
using kspan::cli::test::StringReader;

TEST_CASE("PeekReader gives back the peeked bytes on read", "[byte_reader]") {
  StringReader inner("hello, world", 3);
  PeekReader reader(inner);
  CHECK(reader.peek(5) == "hello");
  CHECK(reader.peek(2) == "he");
  CHECK(reader.peek(100) == "hello, world");
  CHECK(test::read_all(reader) == "hello, world");
  CHECK(reader.peek(1).empty());
}

TEST_CASE("GzipReader inflates one member and several members", "[byte_reader]") {
  std::string a(100000, 'a'), b = "{\"kind\":\"Event\"}\n";
  StringReader one(test::gzip(a), 1000);
  GzipReader single(one);
  CHECK(test::read_all(single) == a);

  StringReader two(test::gzip(a) + test::gzip(b) + test::gzip(""), 5);
  GzipReader several(two);
  CHECK(test::read_all(several) == a + b);
}

TEST_CASE("GzipReader ignores trailing bytes that are not a member", "[byte_reader]") {
  StringReader inner(test::gzip("data") + std::string(16, '\0'));
  GzipReader reader(inner);
  CHECK(test::read_all(reader) == "data");
}

TEST_CASE("GzipReader reports truncated and corrupt data", "[byte_reader]") {
  std::string compressed = test::gzip(std::string(5000, 'x') + "end");
  StringReader truncated(compressed.substr(0, compressed.size() / 2));
  GzipReader cut(truncated);
  CHECK_THROWS_AS(test::read_all(cut), InputError);

  std::string damaged = compressed;
  damaged[12] ^= 0x55;
  damaged[13] ^= 0x55;
  StringReader corrupt(damaged);
  GzipReader bad(corrupt);
  CHECK_THROWS_AS(test::read_all(bad), InputError);
}

TEST_CASE("formats are told by their first bytes", "[byte_reader]") {
  CHECK(looks_like_gzip("\x1f\x8b\x08"));
  CHECK_FALSE(looks_like_gzip("{\"kind\""));
  CHECK_FALSE(looks_like_gzip("\x1f"));
  std::string header(kTarHeaderSize, '\0');
  header.replace(257, 6, std::string("ustar\0", 6));
  CHECK(looks_like_tar(header));
  CHECK_FALSE(looks_like_tar(header.substr(0, 300)));
  CHECK_FALSE(looks_like_tar(std::string(kTarHeaderSize, ' ')));
}
