// The generator as a library call: kspan-gen's main, the benchmarks and the tests use it.
#pragma once
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "output.hpp"

namespace kspan::gen {

struct GenOptions {
  uint64_t events = 10000;  // event records to write (exact)
  uint64_t size = 0;        // instead: about this many bytes
  uint64_t seed = 1;
  Format format = Format::ListJson;
  bool pretty = true;
  bool stream_truth = false;  // the truth for `kspan convert --stream` (watch only)
};

struct GenStats {
  uint64_t event_records = 0, object_records = 0, bytes = 0, scenarios = 0;
  std::map<std::string, uint64_t> kinds;
  int64_t first_ns = 0, last_start_ns = 0;
  std::string truth_summary;
};

// Writes the records to out and, when truth is not null, the ground truth to it.
// Returns false (with a message in error) for options that do not fit together.
bool generate(const GenOptions& options, std::FILE* out, std::FILE* truth, GenStats& stats, std::string& error);

// The same into memory (benchmarks, tests).
std::string generate_to_string(const GenOptions& options, std::string* truth = nullptr);

}  // namespace kspan::gen
