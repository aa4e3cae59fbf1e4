// Finds the record already kept for an event occurrence (uid, count: spec 1.2) by a 64-bit hash
// of it instead of a text key: a replay keeps one entry per event of the input, and a
// "uid#count" string per entry took 11 MB of a 280 MB List's peak. The caller checks a hit
// against what it keeps (the packed event), so two occurrences sharing a hash stay apart: the
// later one goes to a small side table under its full key.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

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
