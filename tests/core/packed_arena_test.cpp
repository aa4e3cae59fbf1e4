// Packed events wait side by side in blocks; a block goes once none of its events is needed.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "packed_arena.hpp"

using namespace kspan;

TEST_CASE("an arena gives back every text it was given, across blocks", "[arena]") {
  PackedArena arena;
  std::vector<PackedArena::Ref> refs;
  std::vector<std::string> texts;
  for (int i = 0; i < 3000; ++i) {  // about 3 blocks
    texts.push_back(std::string(1000, static_cast<char>('a' + i % 26)) + std::to_string(i));
    refs.push_back(arena.add(texts.back()));
  }
  for (size_t i = 0; i < texts.size(); ++i) CHECK(arena.view(refs[i]) == texts[i]);
  CHECK(arena.blocks_held() == 3);
  CHECK(PackedArena::Ref{}.empty());
  CHECK_FALSE(refs[0].empty());
}

TEST_CASE("a text larger than a block gets a block of its own", "[arena]") {
  PackedArena arena;
  const std::string small = "small";
  const std::string large(PackedArena::kBlockBytes + 10, 'x');
  const auto a = arena.add(small);
  const auto b = arena.add(large);
  const auto c = arena.add(small);
  CHECK(arena.view(a) == small);
  CHECK(arena.view(b) == large);
  CHECK(arena.view(c) == small);
}

TEST_CASE("a block is freed when its last event is released, not before, and never while filled", "[arena]") {
  PackedArena arena;
  const std::string text(PackedArena::kBlockBytes / 4, 'e');
  std::vector<PackedArena::Ref> first_block;
  for (int i = 0; i < 4; ++i) first_block.push_back(arena.add(text));
  const auto second = arena.add(text);  // starts the second block
  CHECK(second.block != first_block[0].block);
  CHECK(arena.blocks_held() == 2);
  for (int i = 0; i < 3; ++i) arena.release(first_block[i]);
  CHECK(arena.blocks_held() == 2);
  CHECK(arena.view(first_block[3]) == text);
  arena.release(first_block[3]);
  CHECK(arena.blocks_held() == 1);
  arena.release(second);  // the block being filled stays
  CHECK(arena.blocks_held() == 1);
  // Once filling moves on, a block emptied while it was filled is freed.
  const std::string large(PackedArena::kBlockBytes, 'l');
  const auto next = arena.add(large);
  CHECK(arena.blocks_held() == 1);
  CHECK(arena.view(next) == large);
}
