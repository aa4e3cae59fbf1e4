// Finding the next byte that matters in JSON text: the framer and the record parser spend
// most of their time moving over bytes that change nothing (names, values, indentation).
// With SSE2 (every x86-64; wasm with -msimd128) sixteen bytes are tested at once.
#pragma once
#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kspan {

// The index of the first byte in [i, size) equal to one of Stops, or size.
template <char... Stops>
inline size_t find_any(const char* data, size_t i, size_t size) {
#if defined(__SSE2__)
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    __m128i hit = _mm_setzero_si128();
    ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(block, _mm_set1_epi8(Stops)))), ...);
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < size; ++i)
    if (((data[i] == Stops) || ...)) return i;
  return size;
}

// The index of the first byte in [i, size) that is not JSON whitespace, or size. Pretty-printed
// input (kubectl's) puts a newline and an indentation before every key.
inline size_t skip_json_space(const char* data, size_t i, size_t size) {
#if defined(__SSE2__)
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const __m128i space = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\n'))),
                                       _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\t'))));
    const int other = _mm_movemask_epi8(space) ^ 0xffff;
    if (other != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(other)));
  }
#endif
  for (; i < size; ++i)
    if (data[i] != ' ' && data[i] != '\n' && data[i] != '\r' && data[i] != '\t') return i;
  return size;
}

// The index of the first byte in [i, size) that ends a run of plain string text: a quote, a
// backslash, a control character (below 0x20) or, with StopAtNonAscii, a byte of 0x80 or more
// (the caller then checks UTF-8), or size.
template <bool StopAtNonAscii>
inline size_t find_string_stop(const char* data, size_t i, size_t size) {
#if defined(__SSE2__)
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const __m128i quote = _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('"')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\\')));
    // Signed, bytes of 0x80 and more are negative: "below 0x20" takes them too.
    const __m128i low = StopAtNonAscii ? _mm_cmplt_epi8(block, _mm_set1_epi8(0x20))
                                       : _mm_cmpeq_epi8(_mm_min_epu8(block, _mm_set1_epi8(0x1f)), block);
    const int mask = _mm_movemask_epi8(_mm_or_si128(quote, low));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < size; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c == '"' || c == '\\' || c < 0x20 || (StopAtNonAscii && c >= 0x80)) return i;
  }
  return size;
}

// How many bytes in [data, data + size) equal Byte (the framer counts the lines of a record the
// parser took). Matches are summed in byte lanes, folded every 255 blocks before they overflow:
// x86-64's baseline has no popcount instruction, and the library call cost 2.5% of a convert.
template <char Byte>
inline size_t count_byte(const char* data, size_t size) {
  size_t count = 0;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i wanted = _mm_set1_epi8(Byte);
  const __m128i zero = _mm_setzero_si128();
  const auto fold = [&](__m128i lanes) {
    const __m128i sums = _mm_sad_epu8(lanes, zero);  // two 64-bit sums of eight lanes each
    count += static_cast<size_t>(_mm_cvtsi128_si32(sums)) + static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  };
  while (i + 16 <= size) {
    __m128i lanes = zero;
    for (int blocks = 0; blocks < 255 && i + 16 <= size; ++blocks, i += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(block, wanted));  // a match is -1
    }
    fold(lanes);
  }
#endif
  for (; i < size; ++i) count += data[i] == Byte;
  return count;
}

}  // namespace kspan
