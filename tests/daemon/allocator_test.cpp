// Giving freed memory back: when it is worth it, the pacing of the upkeep, and that a release
// really lowers the resident size after a thread freed most of what it held.
#include <catch2/catch.hpp>
#include <malloc.h>

#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

#include "allocator.hpp"

using namespace kspan::daemon;
using namespace std::chrono_literals;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kGlibcMalloc = false;  // ASan brings its own allocator
#else
constexpr bool kGlibcMalloc = true;
#endif

constexpr size_t kMiB = size_t{1} << 20;

void* volatile escape = nullptr;  // keeps the compiler from leaving out an allocation never used

}  // namespace

TEST_CASE("allocator: released only when resident is well above what is in use", "[daemon][parts]") {
  const ReleasePolicy policy;  // 48 MiB and 20% of in use
  CHECK_FALSE(worth_releasing({100 * kMiB, 0, 90 * kMiB}, policy));    // untouched allocations
  CHECK_FALSE(worth_releasing({100 * kMiB, 0, 140 * kMiB}, policy));   // 40 MiB over: too little
  CHECK(worth_releasing({100 * kMiB, 0, 150 * kMiB}, policy));         // 50 MiB and 50%
  CHECK_FALSE(worth_releasing({400 * kMiB, 0, 460 * kMiB}, policy));   // 60 MiB but 15%
  CHECK(worth_releasing({400 * kMiB, 0, 480 * kMiB}, policy));
}

TEST_CASE("allocator: the upkeep looks at the heap once per period", "[daemon][parts]") {
  HeapUpkeep upkeep({std::chrono::milliseconds(1000), 0, 0.0});  // any excess is worth it
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(upkeep.tick(t0));
  CHECK_FALSE(upkeep.tick(t0 + 999ms));
  CHECK(upkeep.tick(t0 + 1000ms));
  if (kGlibcMalloc) CHECK(upkeep.releases() == 2);  // code and stacks are resident beyond the heap
}

TEST_CASE("allocator: a release gives a freed arena's pages back", "[daemon][parts]") {
  if (!kGlibcMalloc) return;
  // Another thread (its own arena) fills 128 MiB in 4 KiB blocks and frees all but one block in
  // 16: the free runs between the survivors stay resident until released.
  std::vector<std::unique_ptr<char[]>> kept;
  std::thread([&] {
    std::vector<std::unique_ptr<char[]>> blocks;
    for (size_t i = 0; i < 128 * kMiB / 4096; ++i) {
      blocks.emplace_back(new char[4096 - 64]);
      std::fill_n(blocks.back().get(), 4096 - 64, static_cast<char>(i));
    }
    for (size_t i = 0; i < blocks.size(); i += 16) kept.push_back(std::move(blocks[i]));
  }).join();
  const HeapUse before = heap_use();
  CHECK(before.free >= 100 * kMiB);
  release_free_memory();
  const HeapUse after = heap_use();
  INFO("resident before " << before.resident / kMiB << " MiB, after " << after.resident / kMiB << " MiB");
  CHECK(before.resident - after.resident >= 80 * kMiB);
}

TEST_CASE("allocator: large blocks get pages of their own even after a larger one was freed", "[daemon][parts]") {
  if (!kGlibcMalloc) return;
  map_large_blocks_apart();
  // glibc's default would raise its threshold to 8 MiB here, and take the next 1 MiB block from
  // the heap.
  void* large = malloc(8 * kMiB);
  escape = large;
  free(large);
  const size_t mapped_before = mallinfo2().hblkhd;
  void* block = malloc(kMiB);
  escape = block;
  const size_t mapped_after = mallinfo2().hblkhd;
  free(block);
  CHECK(mapped_after >= mapped_before + kMiB);
}
