// Finds the record already kept for an event occurrence (uid, count: spec 1.2) by a 64-bit hash
// of it instead of a text key: a replay keeps one entry per event of the input, and a
// "uid#count" string per entry took 11 MB of a 280 MB List's peak. The caller checks a hit
// against what it keeps (the packed event), so two occurrences sharing a hash stay apart: the
// later one goes to a small side table under its full key.
#pragma once
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kspan/ids.hpp"

namespace kspan {

// 64 bits on every target (size_t is 32 bits in wasm32, too few for a million events).
inline uint64_t occurrence_hash(std::string_view uid, int64_t count) {
  constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ull;
  uint64_t h = 0x243f6a8885a308d3ull ^ uid.size();
  const auto mix = [&h](uint64_t word) {
    h = (h ^ word) * kMultiplier;
    h ^= h >> 29;
  };
  size_t i = 0;
  for (; i + 8 <= uid.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, uid.data() + i, 8);
    mix(word);
  }
  uint64_t tail = 0;
  for (size_t shift = 0; i < uid.size(); ++i, shift += 8) tail |= uint64_t{static_cast<unsigned char>(uid[i])} << shift;
  mix(tail);
  mix(static_cast<uint64_t>(count));
  h ^= h >> 32;
  return h * kMultiplier;
}

template <typename Value>
class OccurrenceIndex {
 public:
  using Hasher = uint64_t (*)(std::string_view uid, int64_t count);
  // Tests pass a weak hasher to force collisions.
  explicit OccurrenceIndex(Hasher hasher = occurrence_hash) : hasher_(hasher) {}

  // The value kept for (uid, count), or nullptr. `is_it(value)` says whether a value found under
  // the same hash belongs to this occurrence.
  template <typename IsIt>
  Value* find(std::string_view uid, int64_t count, IsIt is_it) {
    auto it = by_hash_.find(hasher_(uid, count));
    if (it != by_hash_.end() && is_it(it->second)) return &it->second;
    if (collided_.empty()) return nullptr;
    auto side = collided_.find(full_key(uid, count));
    return side == collided_.end() ? nullptr : &side->second;
  }

  // Adds an occurrence that find() did not find.
  void add(std::string_view uid, int64_t count, Value value) {
    auto [it, added] = by_hash_.try_emplace(hasher_(uid, count), value);
    if (!added) collided_.insert_or_assign(full_key(uid, count), value);
  }

  size_t size() const { return by_hash_.size() + collided_.size(); }
  // Frees the memory too (clear() alone keeps an unordered_map's buckets).
  void clear() {
    std::unordered_map<uint64_t, Value>().swap(by_hash_);
    std::unordered_map<std::string, Value>().swap(collided_);
  }

 private:
  static std::string full_key(std::string_view uid, int64_t count) {
    return std::string(uid) + "#" + std::to_string(count);
  }

  Hasher hasher_;
  std::unordered_map<uint64_t, Value> by_hash_;
  std::unordered_map<std::string, Value> collided_;
};

}  // namespace kspan

namespace kspan {

// Live mode's occurrences already processed (spec 1.2: the first record of an occurrence wins),
// each as a 128-bit hash of (uid, count) and the second it was in, for forget(). The daemon keeps
// one per event for expire_after (5 min: 3 million at 10,000 events/s); a "uid#count" string key
// in a node of an unordered_map took about 120 bytes each (8.8 MB of the daemon's peak heap at
// 5,000/s), a slot here takes 20 bytes (a flat table, linear probing, at most 3/4 full).
//
// Nothing is kept to check a hit against, so two occurrences whose hashes are equal would be
// taken for one and the second dropped as a duplicate. The hash is FNV-1a 128 over the uid's
// length, the uid and the count (so that no two different (uid, count) pairs are the same
// bytes): for random inputs a collision among n occurrences held together has probability about
// n^2 / 2^129, 10^-26 for 3 million; checking 10,000 events a second against 3 million for ten
// years, about 10^-19. Kubernetes assigns uids (random UUIDs), so a client cannot choose the
// bytes hashed beyond the count, and FNV's weakness to chosen inputs does not reach this.
class LiveOccurrences {
 public:
  struct Key {
    uint64_t high = 0;
    uint64_t low = 0;
    bool operator==(const Key&) const = default;
  };
  static Key key_of(std::string_view uid, int64_t count) {
    const TraceId digest =
        Fnv128().add_le64(uid.size()).add(uid).add_le64(static_cast<uint64_t>(count)).digest();
    Key key;
    for (int i = 0; i < 8; ++i) {
      key.high = (key.high << 8) | digest[i];
      key.low = (key.low << 8) | digest[8 + i];
    }
    if (key == Key{}) key.low = 1;  // {0, 0} marks an empty slot
    return key;
  }

  // Adds (uid, count) in `second`; false when it was there already.
  bool add(std::string_view uid, int64_t count, int64_t second) { return add(key_of(uid, count), second); }
  bool add(const Key& key, int64_t second) {
    if (size_ == 0 && keys_.empty()) base_ = second;
    if ((size_ + 1) * 4 > capacity() * 3) grow();
    size_t at = home(key);
    for (; keys_[at] != Key{}; at = next(at)) {
      if (keys_[at] == key) return false;
    }
    keys_[at] = key;
    seconds_[at] = relative(second);
    ++size_;
    return true;
  }

  // Forgets the occurrences of seconds before `horizon`.
  void forget_before(int64_t horizon_second) {
    if (keys_.empty()) return;
    const int32_t horizon = relative(horizon_second);
    // Backward-shift deletion (no tombstones): the slot freed is filled by a later entry of its
    // run that may move there; the slot is then looked at again.
    for (size_t at = 0; at < capacity();) {
      if (keys_[at] != Key{} && seconds_[at] < horizon) {
        erase_at(at);
        continue;
      }
      ++at;
    }
    // A table far larger than it needs is made smaller (after a burst).
    if (capacity() > kMinCapacity && size_ * 8 < capacity()) rehash(std::max(kMinCapacity, std::bit_ceil(2 * size_)));
  }

  size_t size() const { return size_; }
  size_t capacity() const { return keys_.size(); }
  bool contains(std::string_view uid, int64_t count) const {
    if (keys_.empty()) return false;
    const Key key = key_of(uid, count);
    for (size_t at = home(key); keys_[at] != Key{}; at = next(at)) {
      if (keys_[at] == key) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kMinCapacity = 1024;

  // The table's slot for a key: FNV's high bits are its best mixed.
  // A second as its distance from the first one added, in 32 bits; one further than that is
  // clamped, which keeps the order up to equality: an occurrence is never forgotten early,
  // one of a wild time may be kept longer.
  int32_t relative(int64_t second) const {
    // Seconds of nanosecond times are within +-2^34: the difference does not overflow.
    return static_cast<int32_t>(std::clamp<int64_t>(second - base_, INT32_MIN, INT32_MAX));
  }
  size_t home(const Key& key) const { return static_cast<size_t>((key.high * 0x9e3779b97f4a7c15ull) >> shift_); }
  size_t next(size_t at) const { return (at + 1) & (capacity() - 1); }

  void erase_at(size_t hole) {
    keys_[hole] = Key{};
    --size_;
    for (size_t at = next(hole); keys_[at] != Key{}; at = next(at)) {
      const size_t want = home(keys_[at]);
      // The entry may move to the hole when the hole is on its way from `want` to `at`.
      const bool hole_between = hole <= at ? (want <= hole || want > at) : (want <= hole && want > at);
      if (!hole_between) continue;
      keys_[hole] = keys_[at];
      seconds_[hole] = seconds_[at];
      keys_[at] = Key{};
      hole = at;
    }
  }

  void grow() { rehash(keys_.empty() ? kMinCapacity : 2 * capacity()); }

  void rehash(size_t capacity) {
    std::vector<Key> keys(capacity);
    std::vector<int32_t> seconds(capacity);
    keys.swap(keys_);
    seconds.swap(seconds_);
    shift_ = 64 - std::countr_zero(capacity);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == Key{}) continue;
      size_t at = home(keys[i]);
      while (keys_[at] != Key{}) at = next(at);
      keys_[at] = keys[i];
      seconds_[at] = seconds[i];
    }
  }

  std::vector<Key> keys_;
  std::vector<int32_t> seconds_;
  int64_t base_ = 0;
  size_t size_ = 0;
  int shift_ = 64;
};

}  // namespace kspan
