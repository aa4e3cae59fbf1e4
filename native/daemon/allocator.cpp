#include "allocator.hpp"

#include <malloc.h>
#include <unistd.h>

#include <fstream>

namespace kspan::daemon {

void map_large_blocks_apart() { mallopt(M_MMAP_THRESHOLD, 256 << 10); }

HeapUse heap_use() {
  const struct mallinfo2 info = mallinfo2();  // every arena, not only the main one
  size_t pages = 0, resident_pages = 0;
  std::ifstream("/proc/self/statm") >> pages >> resident_pages;
  return HeapUse{info.uordblks + info.hblkhd, info.fordblks, resident_pages * static_cast<size_t>(sysconf(_SC_PAGESIZE))};
}

std::chrono::microseconds release_free_memory() {
  const auto start = std::chrono::steady_clock::now();
  malloc_trim(0);
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
}

bool worth_releasing(const HeapUse& use, const ReleasePolicy& policy) {
  if (use.resident <= use.in_use) return false;  // allocated but untouched pages are not resident
  const size_t excess = use.resident - use.in_use;
  return excess >= policy.min_excess && static_cast<double>(excess) >= policy.min_excess_share * static_cast<double>(use.in_use);
}

HeapUpkeep::HeapUpkeep(ReleasePolicy policy) : policy_(policy) {}

std::optional<HeapUse> HeapUpkeep::tick(std::chrono::steady_clock::time_point now) {
  if (now < next_) return std::nullopt;
  next_ = now + policy_.every;
  HeapUse use = heap_use();
  if (worth_releasing(use, policy_)) {
    release_free_memory();
    ++releases_;
  }
  return use;
}

}  // namespace kspan::daemon
