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
  RecentEntry* action(ObjId actor, ObjId object, int64_t clock) {
    auto it = actions_.find(key(actor, object));
    return it == actions_.end() ? nullptr : use(it->second, clock);
  }
  RecentEntry* object(ObjId object, int64_t clock) {
    return object < objects_.size() ? use(objects_[object], clock) : nullptr;
  }

  // The same without marking it used.
  const RecentEntry* peek_object(ObjId object, int64_t clock) const {
    if (object >= objects_.size() || !recent(objects_[object], clock)) return nullptr;
    return &objects_[object];
  }

  // Drops the entries that are no longer recent; marks the spans the others name in
  // `named` (indexed by span, large enough for every span held) when given.
  void purge(int64_t clock, std::vector<bool>* named = nullptr) {
    auto mark = [named](SpanIdx span) {
      if (named != nullptr && span != kNoSpan) (*named)[span] = true;
    };
    for (auto it = actions_.begin(); it != actions_.end();) {
      if (!recent(it->second, clock)) {
        it = actions_.erase(it);
        continue;
      }
      mark(it->second.span);
      mark(it->second.parent);
      ++it;
    }
    for (RecentEntry& entry : objects_) {
      if (entry.span == kNoSpan) continue;
      if (!recent(entry, clock)) {
        entry = RecentEntry{};
        continue;
      }
      mark(entry.span);
      mark(entry.parent);
    }
  }

  // Live expiry: appends the objects of the entries that are still recent.
  void objects_in_use(std::vector<ObjId>& out) const {
    for (const auto& [k, entry] : actions_) {
      out.push_back(static_cast<ObjId>(k >> 32));
      out.push_back(static_cast<ObjId>(k & 0xffffffffu));
    }
    for (ObjId object = 0; object < objects_.size(); ++object)
      if (objects_[object].span != kNoSpan) out.push_back(object);
  }

  void set_action(ObjId actor, ObjId object, RecentEntry entry) { actions_[key(actor, object)] = entry; }
  void set_object(ObjId object, RecentEntry entry) {
    if (object >= objects_.size()) objects_.resize(static_cast<size_t>(object) + 1);
    objects_[object] = entry;
  }

 private:
  static uint64_t key(ObjId a, ObjId b) { return (static_cast<uint64_t>(a) << 32) | b; }

  // An entry that holds a span and was used within expire_after of `clock`.
  bool recent(const RecentEntry& entry, int64_t clock) const {
    return entry.span != kNoSpan && clock - entry.last_use <= expire_after_ns_;
  }
  RecentEntry* use(RecentEntry& entry, int64_t clock) {
    if (!recent(entry, clock)) return nullptr;
    entry.last_use = std::max(entry.last_use, clock);
    return &entry;
  }

  int64_t expire_after_ns_;
  std::unordered_map<uint64_t, RecentEntry> actions_;
  std::vector<RecentEntry> objects_;  // by object id (dense: the owner graph's slots); span kNoSpan: none
};

}  // namespace kspan
