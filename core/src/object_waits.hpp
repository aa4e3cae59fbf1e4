// Which pending events wait on which object: per object, a list of event orders linked through
// one pool of waits, found by the object's id (ids are dense: the owner graph's slots). Adding
// a wait allocates nothing once the pool has grown; a hash map of vectors took a node and a
// vector per object (callgrind: most of the 5 allocations per pending event).
#pragma once
#include <cstdint>
#include <vector>

#include "model.hpp"

namespace kspan {

class ObjectWaits {
 public:
  void add(ObjId object, uint64_t order) {
    if (object == kNoObject) return;  // no span is ever stored under no object: nothing to wait for
    if (object >= first_.size()) {
      first_.resize(static_cast<size_t>(object) + 1, kNone);
      listed_.resize(first_.size(), false);
      visited_in_.resize(first_.size(), kNeverVisited);
    }
    visited_in_[object] = kNeverVisited;  // a new wait: the next visit reads the list
    uint32_t wait;
    if (free_ != kNone) {
      wait = free_;
      free_ = pool_[wait].next;
      pool_[wait] = Wait{order, first_[object]};
    } else {
      wait = static_cast<uint32_t>(pool_.size());
      pool_.push_back(Wait{order, first_[object]});
    }
    first_[object] = wait;
    if (!listed_[object]) {
      listed_[object] = true;
      objects_.push_back(object);
    }
    ++size_;
  }

  // Calls `visit(order)` for each order waiting on `object` that is still `held(order)`, and
  // drops the waits of the others. `era` names what the caller knows: a visit in the same era
  // as the object's last one, with no wait added to it since, is passed over (the caller
  // changes the era whenever what a visit found may have changed).
  template <typename Held, typename Visit>
  void visit(ObjId object, uint64_t era, Held held, Visit visit) {
    if (object >= first_.size() || visited_in_[object] == era) return;
    visited_in_[object] = era;
    ++lists_read_;
    drop_unheld(first_[object], held, visit);
  }
  // How many visits read their object's list (for tests).
  uint64_t lists_read() const { return lists_read_; }

  // Drops the waits of every order not `held(order)`; the memory of a pool grown by a burst
  // goes back once a quarter of it is in use.
  template <typename Held>
  void drop_unheld(Held held) {
    size_t kept = 0;
    for (ObjId object : objects_) {
      drop_unheld(first_[object], held, [](uint64_t) {});
      if (first_[object] == kNone) listed_[object] = false;
      else objects_[kept++] = object;
    }
    objects_.resize(kept);
    if (pool_.size() > kCompactFrom && size_ < pool_.size() / 4) compact();
  }

  // The objects at least one event waits on, as of the last drop_unheld (some may have none
  // left since).
  const std::vector<ObjId>& objects() const { return objects_; }
  size_t size() const { return size_; }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr uint64_t kNeverVisited = UINT64_MAX;
  static constexpr size_t kCompactFrom = 4096;
  struct Wait {
    uint64_t order;
    uint32_t next;
  };

  template <typename Held, typename Visit>
  void drop_unheld(uint32_t& first, Held held, Visit visit) {
    for (uint32_t* link = &first; *link != kNone;) {
      Wait& wait = pool_[*link];
      if (held(wait.order)) {
        visit(wait.order);
        link = &wait.next;
        continue;
      }
      const uint32_t dropped = *link;
      *link = wait.next;
      wait.next = free_;
      free_ = dropped;
      --size_;
    }
  }

  // Every list copied into a pool of its size, in the same order.
  void compact() {
    std::vector<Wait> pool;
    pool.reserve(size_);  // exactly the waits held: `tail` never points into a moved buffer
    for (ObjId object : objects_) {
      uint32_t* tail = &first_[object];
      for (uint32_t at = *tail; at != kNone; at = pool_[at].next) {
        *tail = static_cast<uint32_t>(pool.size());
        pool.push_back(Wait{pool_[at].order, kNone});
        tail = &pool.back().next;
      }
    }
    pool_ = std::move(pool);
    free_ = kNone;
  }

  std::vector<Wait> pool_;
  uint32_t free_ = kNone;        // dropped waits, linked through next
  std::vector<uint32_t> first_;  // by object: its newest wait
  std::vector<bool> listed_;     // by object: in objects_
  std::vector<uint64_t> visited_in_;  // by object: the era of its last visit
  uint64_t lists_read_ = 0;
  std::vector<ObjId> objects_;
  size_t size_ = 0;
};

}  // namespace kspan
