// Shared by kspan's fuzz targets: how an input picks its chunking, the property checks on the
// writers' output, and named checks that abort with a message (so libFuzzer keeps the input).
//
// A check that has found a bug still open in the core can be silenced while fuzzing goes on:
// KSPAN_FUZZ_SKIP=tree-one-line-per-span,... (names as passed to check()). Regression replay
// under CTest never sets it, so an open bug's input fails there until the core is fixed.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kspan/engine.hpp"
#include "kspan/otlp_json_writer.hpp"
#include "kspan/tree_writer.hpp"

namespace kspan::fuzz {

bool skipped_check(const char* name);

// Aborts (libFuzzer saves the input as crash-*) unless the named check is skipped.
#define KSPAN_CHECK(name, condition, ...)                                              \
  do {                                                                                 \
    if (!(condition) && !::kspan::fuzz::skipped_check(name)) {                         \
      std::fprintf(stderr, "kspan fuzz check '%s' failed: %s\n  ", name, #condition); \
      std::fprintf(stderr, __VA_ARGS__);                                               \
      std::fprintf(stderr, "\n");                                                      \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)

// How a byte string is cut into push() calls. Mode 0: whole; 1: every `fixed` bytes;
// 2: pseudo-random sizes in [1, 64]; 3: pseudo-random sizes in [1, 4096].
struct Chunking {
  uint8_t mode = 0;
  uint8_t seed = 0;
  static Chunking from(uint8_t a, uint8_t b) { return Chunking{static_cast<uint8_t>(a & 3), b}; }
  std::vector<std::string_view> cut(std::string_view bytes) const;
};

// Both writers fed from one sink, as the CLI and the tests do.
struct BothWriters : SpanSink {
  OtlpJsonWriter otlp{"fuzz"};
  TreeWriter tree;
  size_t spans = 0;
  void on_span(const Span& span, const Resource& resource) override {
    otlp.on_span(span, resource);
    tree.on_span(span, resource);
    ++spans;
  }
};

// The OTLP/JSON text is one ExportTraceServiceRequest that nlohmann parses (strict, UTF-8
// checked) with `spans` spans, lower-case hex ids of the right length, decimal-string times,
// and, when `normalised` (the engine's output, not any spans), times that are not negative
// (OTLP's fixed64), span ids unique within a trace and every parent present.
void check_otlp(const std::string& text, size_t spans, bool normalised);
// One line per span, numbered from 0, each parent index before its child (spec 7).
void check_tree(const std::string& text, size_t spans);
// counters_to_json parses; counters_to_text does not crash.
void check_counters(const Counters& counters);

}  // namespace kspan::fuzz
