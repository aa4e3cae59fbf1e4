// The spans most recently stored under each action key (owner-or-actor, object) and each
// object, with their parents (spec section 3). An entry is recent while the clock is within
// expire_after of its last use; a lookup that returns it is a use.
#pragma once
#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "model.hpp"

namespace kspan {

using SpanIdx = uint32_t;
constexpr SpanIdx kNoSpan = UINT32_MAX;

struct RecentEntry {
  SpanIdx span = kNoSpan;
  SpanIdx parent = kNoSpan;
  bool is_root = false;
  int64_t last_use = 0;
  Evidence evidence = Evidence::None;  // the weakest owner link that chose `parent`
};

class RecentStore {
 public:
  explicit RecentStore(int64_t expire_after_ns) : expire_after_ns_(expire_after_ns) {}

  // A recent entry, marked used at `clock`; nullptr when there is none.
  RecentEntry* action(ObjId actor, ObjId object, int64_t clock) { return use(actions_, key(actor, object), clock); }
  RecentEntry* object(ObjId object, int64_t clock) { return use(objects_, object, clock); }

  // The same without marking it used.
  const RecentEntry* peek_object(ObjId object, int64_t clock) const {
    auto it = objects_.find(object);
    if (it == objects_.end() || clock - it->second.last_use > expire_after_ns_) return nullptr;
    return &it->second;
  }

  // Drops the entries that are no longer recent; marks the spans the others name in
  // `named` (indexed by span, large enough for every span held) when given.
  void purge(int64_t clock, std::vector<bool>* named = nullptr) {
    auto mark = [named](SpanIdx span) {
      if (named != nullptr && span != kNoSpan) (*named)[span] = true;
    };
    auto sweep = [&](auto& map) {
      for (auto it = map.begin(); it != map.end();) {
        if (clock - it->second.last_use > expire_after_ns_) {
          it = map.erase(it);
          continue;
        }
        mark(it->second.span);
        mark(it->second.parent);
        ++it;
      }
    };
    sweep(actions_);
    sweep(objects_);
  }

  // Live expiry: appends the objects of the entries that are still recent.
  void objects_in_use(std::vector<ObjId>& out) const {
    for (const auto& [k, entry] : actions_) {
      out.push_back(static_cast<ObjId>(k >> 32));
      out.push_back(static_cast<ObjId>(k & 0xffffffffu));
    }
    for (const auto& [object, entry] : objects_) out.push_back(object);
  }

  void set_action(ObjId actor, ObjId object, RecentEntry entry) { actions_[key(actor, object)] = entry; }
  void set_object(ObjId object, RecentEntry entry) { objects_[object] = entry; }

 private:
  static uint64_t key(ObjId a, ObjId b) { return (static_cast<uint64_t>(a) << 32) | b; }

  template <typename Map>
  RecentEntry* use(Map& map, typename Map::key_type k, int64_t clock) {
    auto it = map.find(k);
    if (it == map.end() || clock - it->second.last_use > expire_after_ns_) return nullptr;
    it->second.last_use = std::max(it->second.last_use, clock);
    return &it->second;
  }

  int64_t expire_after_ns_;
  std::unordered_map<uint64_t, RecentEntry> actions_;
  std::unordered_map<ObjId, RecentEntry> objects_;
};

}  // namespace kspan
