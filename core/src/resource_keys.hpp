// Resources by their (service, instance) pair: one lookup per span. The pair is hashed eight
// bytes at a time, straight from the event's texts; a std::unordered_map<std::string> wanted
// the pair copied into one key first (callgrind: 270 instructions a span, 5% of the
// correlator). Pairs whose hashes collide are chained and told apart by their texts.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kspan {

// Whole words, then the tail and the length (so that "ab"+"c" and "a"+"bc" differ).
struct PairHash {
  uint64_t operator()(std::string_view service, std::string_view instance) const {
    return mix(mix(0x9e3779b97f4a7c15ULL, service), instance);
  }
  static uint64_t step(uint64_t h, uint64_t word) {
    h = (h ^ word) * 0xff51afd7ed558ccdULL;
    return h ^ (h >> 32);
  }
  static uint64_t mix(uint64_t h, std::string_view text) {
    const char* bytes = text.data();
    const size_t size = text.size();
    size_t at = 0;
    for (; at + 8 <= size; at += 8) h = step(h, load<uint64_t>(bytes + at));
    // The tail without a loop: the last 8 bytes again, overlapping, or two 4-byte reads.
    uint64_t tail = 0;
    if (at < size) {
      if (size >= 8) tail = load<uint64_t>(bytes + size - 8);
      else if (size >= 4) tail = (uint64_t{load<uint32_t>(bytes)} << 32) | load<uint32_t>(bytes + size - 4);
      else tail = (uint64_t{static_cast<unsigned char>(bytes[0])} << 16) |
                  (uint64_t{static_cast<unsigned char>(bytes[size / 2])} << 8) | static_cast<unsigned char>(bytes[size - 1]);
    }
    return step(step(h, tail), size);
  }
  template <typename Word>
  static Word load(const char* at) {
    Word word;
    std::memcpy(&word, at, sizeof word);
    return word;
  }
};

// `Hash` is a parameter so that a test can make every pair collide.
template <typename Hash = PairHash>
class ResourceKeys {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The index added with this pair, or kNone.
  uint32_t find(std::string_view service, std::string_view instance) const {
    const auto head = first_.find(hash(service, instance));
    if (head == first_.end()) return kNone;
    for (uint32_t at = head->second; at != kNone; at = keys_[at].next) {
      if (keys_[at].service == service && keys_[at].instance == instance) return keys_[at].index;
    }
    return kNone;
  }

  // The pair is not there yet.
  void add(std::string_view service, std::string_view instance, uint32_t index) {
    const auto at = static_cast<uint32_t>(keys_.size());
    auto [head, added] = first_.try_emplace(hash(service, instance), at);
    keys_.push_back(Key{std::string(service), std::string(instance), index, added ? kNone : head->second});
    head->second = at;
  }

  size_t size() const { return keys_.size(); }

 private:
  struct Key {
    std::string service;
    std::string instance;
    uint32_t index;
    uint32_t next;  // the key added before with the same hash
  };

  Hash hash;

  std::unordered_map<uint64_t, uint32_t> first_;  // hash -> the newest key with it
  std::vector<Key> keys_;
};

}  // namespace kspan
