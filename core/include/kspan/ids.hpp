// FNV-1a hashes that make span and trace ids pure functions of the input (spec section 5).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "kspan/span.hpp"

namespace kspan {

class Fnv64 {
 public:
  Fnv64& add(std::string_view bytes);
  Fnv64& add_le64(uint64_t value);
  SpanId digest() const;  // big-endian bytes of the hash

 private:
  uint64_t state_ = 0xcbf29ce484222325ULL;
};

// GCC and Clang (native and wasm) have 128-bit integers; __extension__ says we know.
__extension__ using Uint128 = unsigned __int128;

class Fnv128 {
 public:
  Fnv128& add(std::string_view bytes);
  Fnv128& add_le64(uint64_t value);
  TraceId digest() const;

 private:
  Uint128 state_ = (static_cast<Uint128>(0x6c62272e07bb0142ULL) << 64) | 0x62b821756295c58dULL;
};

std::string to_hex(const uint8_t* bytes, size_t size);
template <size_t N>
std::string to_hex(const std::array<uint8_t, N>& id) { return to_hex(id.data(), N); }

}  // namespace kspan
