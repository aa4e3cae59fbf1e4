// The due queue must pop exactly what one heap would: the order spans are handed over (and so
// the output) depends on it.
#include <catch2/catch.hpp>

#include <functional>
#include <queue>
#include <random>
#include <vector>

#include "due_queue.hpp"

using namespace kspan;

namespace {
using Heap = std::priority_queue<DueEntry, std::vector<DueEntry>, std::greater<DueEntry>>;

// Pushes deadlines that mostly grow, some earlier than the last (a parent stretched, a span
// rescheduled), with pops in between; compares every pop.
void compare_with_heap(uint32_t seed, int late_percent) {
  std::mt19937 random(seed);
  DueQueue queue;
  Heap heap;
  int64_t now = 0;
  uint64_t generation = 0;
  size_t compared = 0;
  for (int step = 0; step < 20000; ++step) {
    if (random() % 100 < 60) {
      now += static_cast<int64_t>(random() % 3);
      const bool late = static_cast<int>(random() % 100) < late_percent;
      const int64_t when = late ? now - static_cast<int64_t>(random() % 50) : now;
      const DueEntry entry{when, static_cast<SpanIdx>(random() % 1000), generation++};
      queue.push(entry);
      heap.push(entry);
    } else if (!heap.empty()) {
      REQUIRE_FALSE(queue.empty());
      CHECK(queue.top().when == heap.top().when);
      CHECK(queue.top().generation == heap.top().generation);
      queue.pop();
      heap.pop();
      ++compared;
    }
  }
  while (!heap.empty()) {
    REQUIRE_FALSE(queue.empty());
    CHECK(queue.top().generation == heap.top().generation);
    queue.pop();
    heap.pop();
    ++compared;
  }
  CHECK(queue.empty());
  CHECK(compared > 10000);
}
}  // namespace

TEST_CASE("the due queue pops in the order of a heap, in order or not", "[due_queue]") {
  for (int late_percent : {0, 5, 50, 100}) {
    INFO("late " << late_percent << "%");
    compare_with_heap(static_cast<uint32_t>(42 + late_percent), late_percent);
  }
}

TEST_CASE("equal deadlines leave the due queue in creation order", "[due_queue]") {
  DueQueue queue;
  queue.push({10, 1, 5});
  queue.push({10, 2, 3});  // same time, created earlier: before the first
  queue.push({10, 3, 7});
  std::vector<uint64_t> order;
  while (!queue.empty()) {
    order.push_back(queue.top().generation);
    queue.pop();
  }
  CHECK(order == std::vector<uint64_t>{3, 5, 7});
}
