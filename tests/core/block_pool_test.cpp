#include "block_pool.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstring>
#include <set>
#include <vector>

using kspan::BlockPool;

TEST_CASE("a freed block serves the next request of its size class", "[block_pool]") {
  BlockPool pool;
  char* first = nullptr;
  {
    BlockPool::Block block = pool.take(300);
    first = block.data();
    std::memset(block.data(), 'x', 300);
  }
  CHECK(pool.free_bytes() == 320);
  BlockPool::Block again = pool.take(257);  // the same class: 257..320 bytes
  CHECK(again.data() == first);
  CHECK(pool.free_bytes() == 0);
  BlockPool::Block other = pool.take(200);  // another class: a new block
  CHECK(other.data() != first);
}

TEST_CASE("blocks held at once are distinct and keep what is written in them", "[block_pool]") {
  BlockPool pool;
  std::vector<BlockPool::Block> blocks;
  for (size_t i = 0; i < 200; ++i) {
    blocks.push_back(pool.take(1 + i * 7));
    std::memset(blocks.back().data(), static_cast<int>(i), 1 + i * 7);
  }
  blocks.erase(blocks.begin(), blocks.begin() + 100);  // freed, then taken again below
  for (size_t i = 0; i < 100; ++i) {
    blocks.push_back(pool.take(1 + i * 7));
    std::memset(blocks.back().data(), static_cast<int>(i), 1 + i * 7);
  }
  std::set<const char*> starts;
  for (const auto& block : blocks) starts.insert(block.data());
  CHECK(starts.size() == blocks.size());
  for (size_t i = 0; i < 100; ++i) {  // the survivors of the first round are intact
    const size_t n = 100 + i, size = 1 + n * 7;
    const char* bytes = blocks[i].data();
    CHECK(std::count(bytes, bytes + size, static_cast<char>(n)) == static_cast<std::ptrdiff_t>(size));
  }
}

TEST_CASE("the pool keeps at most its bound of free bytes and no block larger than its largest class", "[block_pool]") {
  BlockPool pool;
  {
    std::vector<BlockPool::Block> burst;
    for (int i = 0; i < 5000; ++i) burst.push_back(pool.take(1000));
    burst.push_back(pool.take(BlockPool::kLargestPooled + 1));
  }
  CHECK(pool.free_bytes() <= BlockPool::kMostFreeBytes);
  CHECK(pool.free_bytes() > BlockPool::kMostFreeBytes - 1024);
}

TEST_CASE("a moved block is returned once, by its last holder", "[block_pool]") {
  BlockPool pool;
  BlockPool::Block a = pool.take(64);
  char* bytes = a.data();
  BlockPool::Block b = std::move(a);
  CHECK(a.data() == nullptr);
  CHECK(b.data() == bytes);
  a = std::move(b);
  b.reset();
  CHECK(pool.free_bytes() == 0);
  a.reset();
  CHECK(pool.free_bytes() == 64);
  a.reset();  // nothing held: nothing returned
  CHECK(pool.free_bytes() == 64);
}
