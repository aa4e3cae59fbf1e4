// A small deterministic random source (SplitMix64): the same seed gives the same
// cluster on every machine and compiler, unlike std::uniform_*_distribution.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kspan::gen {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
  // Uniform in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1))); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  // An independent stream for a sub-part, so adding draws in one part leaves the others alone.
  Rng fork(uint64_t salt) { return Rng(next() ^ (salt * 0xD1B54A32D192ED03ull)); }

  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) { return items[below(N)]; }

  std::string chars(std::string_view alphabet, size_t n) {
    std::string s(n, ' ');
    for (auto& c : s) c = alphabet[below(alphabet.size())];
    return s;
  }
  std::string uuid() {
    static constexpr char hex[] = "0123456789abcdef";
    uint64_t a = next(), b = next();
    std::string s(36, '-');
    int bit = 0;
    for (size_t i = 0; i < 36; ++i) {
      if (i == 8 || i == 13 || i == 18 || i == 23) continue;
      uint64_t& src = bit < 64 ? a : b;
      s[i] = hex[(src >> (bit % 64)) & 15];
      bit += 4;
    }
    s[14] = '4';                     // version 4
    s[19] = "89ab"[(b >> 60) & 3];   // variant
    return s;
  }

 private:
  uint64_t state_;
};

}  // namespace kspan::gen
