#include "kspan/ids.hpp"

namespace kspan {

namespace {
constexpr uint64_t kFnv64Prime = 0x100000001b3ULL;
const Uint128 kFnv128Prime = (static_cast<Uint128>(0x0000000001000000ULL) << 64) | 0x000000000000013bULL;

// The state is a local while the loop runs: written through the reference, every store
// could alias the input's chars, and each byte would wait for a store and a reload.
template <typename State, typename Prime>
void fnv1a(State& state, Prime prime, std::string_view bytes) {
  State local = state;
  for (unsigned char c : bytes) {
    local ^= c;
    local *= prime;
  }
  state = local;
}

std::string le64_bytes(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}
}  // namespace

Fnv64& Fnv64::add(std::string_view bytes) {
  fnv1a(state_, kFnv64Prime, bytes);
  return *this;
}

Fnv64& Fnv64::add_le64(uint64_t value) { return add(le64_bytes(value)); }

SpanId Fnv64::digest() const {
  SpanId id{};
  for (int i = 0; i < 8; ++i) id[i] = static_cast<uint8_t>(state_ >> (8 * (7 - i)));
  return id;
}

Fnv128& Fnv128::add(std::string_view bytes) {
  fnv1a(state_, kFnv128Prime, bytes);
  return *this;
}

Fnv128& Fnv128::add_le64(uint64_t value) { return add(le64_bytes(value)); }

TraceId Fnv128::digest() const {
  TraceId id{};
  for (int i = 0; i < 16; ++i) id[i] = static_cast<uint8_t>(state_ >> (8 * (15 - i)));
  return id;
}

std::string to_hex(const uint8_t* bytes, size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace kspan
