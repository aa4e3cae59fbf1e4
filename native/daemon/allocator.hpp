// The C library's allocator in a process that runs for weeks with a dozen threads: glibc keeps
// what is freed inside each thread's arena for reuse, so after a burst (a relist, an exporter
// that was down, a storm of events) the resident size stays at its high-water mark although the
// memory is free. The engine thread samples the heap and, when much of it is free, gives those
// pages back. Measured at 10,000 events/s (bench/daemon): a release takes 5 to 20 ms; the peak
// is the core's live state, which neither this nor fewer arenas (M_ARENA_MAX 2) changed.
#pragma once
#include <chrono>
#include <cstddef>
#include <optional>

namespace kspan::daemon {

// Blocks of 256 KiB and more get pages of their own (mmap), given back as soon as they are
// freed. glibc's default raises that threshold to the largest block freed so far (up to 32
// MiB), after which a growing vector's old buffer stays in the heap as a free hole: at 10,000
// events/s the peak RSS was 212 MB with the default, 202 MB with this (bench/daemon). Call
// before the threads start.
void map_large_blocks_apart();

struct HeapUse {
  size_t in_use = 0;    // bytes handed out by malloc and not freed (mmapped blocks included)
  size_t free = 0;      // bytes freed but kept by the allocator (released pages included)
  size_t resident = 0;  // the process's resident size (what a memory limit counts)
};
HeapUse heap_use();

// Gives the pages of free chunks back to the system (every arena); the time it took.
std::chrono::microseconds release_free_memory();

// The allocator's free count keeps released pages, so the sign of memory worth giving back is
// the resident size well above what is in use.
struct ReleasePolicy {
  std::chrono::milliseconds every{2000};  // how often the heap is looked at
  size_t min_excess = size_t{48} << 20;   // resident beyond in use: at least this much...
  double min_excess_share = 0.2;          // ...and this share of what is in use
};

// Whether a heap sampled as use is worth a release under policy.
bool worth_releasing(const HeapUse& use, const ReleasePolicy& policy);

// The engine thread's upkeep: call on every tick; looks at the heap every policy.every and
// releases when worth it. Returns the heap as sampled, when it was.
class HeapUpkeep {
 public:
  explicit HeapUpkeep(ReleasePolicy policy = {});
  std::optional<HeapUse> tick(std::chrono::steady_clock::time_point now);
  size_t releases() const { return releases_; }

 private:
  ReleasePolicy policy_;
  std::chrono::steady_clock::time_point next_{};
  size_t releases_ = 0;
};

}  // namespace kspan::daemon
