// What was read, skipped, repaired and how parents were chosen (spec section 7).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kspan {

// Where a record was found. line is 1-based; 0 when unknown.
struct Location {
  std::string source;
  uint64_t line = 0;
  uint64_t offset = 0;
  std::string object;  // namespace/name when known
};

struct Example {
  Location where;
  std::string detail;
};

// One named reason for skipping or repairing input.
struct ReasonCount {
  uint64_t count = 0;
  std::vector<Example> examples;  // the first few
};

struct SourceSummary {
  std::string name;
  std::string format;  // as detected by content
  uint64_t bytes = 0;
  uint64_t records = 0;
  std::string error;  // set when the source was not a dump at all
};

struct Counters {
  uint64_t records = 0;
  uint64_t events = 0;
  uint64_t objects = 0;
  uint64_t spans = 0;
  uint64_t traces = 0;
  uint64_t roots_synthesised = 0;
  uint64_t late = 0;
  uint64_t skewed = 0;
  uint64_t pending = 0;
  // Live mode: objects the owner graph forgot (spec 8: names and evidence expire), and the
  // objects it holds now.
  uint64_t objects_forgotten = 0;
  uint64_t objects_held = 0;
  std::map<std::string, ReasonCount> skipped;
  std::map<std::string, ReasonCount> repaired;
  // A memory limit of Settings was reached (fuzz/README.md, "Limits"): what was done instead.
  std::map<std::string, ReasonCount> limited;
  // Entries are never erased: the correlator keeps pointers to their counts.
  std::map<std::string, uint64_t, std::less<>> parent_rules;
  std::vector<SourceSummary> sources;
  uint64_t files_passed_over = 0;  // bundle files that are not dumps

  static constexpr size_t kMaxExamples = 5;
  // Something was read that kspan can use: an event or an object. Records that were all
  // skipped (a file of something else, or OTLP traces) do not make a usable input.
  bool usable() const { return events + objects > 0; }
  void skip(const std::string& reason, const Location& where, const std::string& detail);
  void repair(const std::string& reason, const Location& where, const std::string& detail);
  void limit(const std::string& reason, const Location& where, const std::string& detail);
};

// The description of a named skip, repair or limit reason, for the summary.
const char* describe_reason(const std::string& reason);

// The counters as one JSON object (the CLI summary and the viewer both read it).
std::string counters_to_json(const Counters& counters);
// The counters as a few human lines for stderr.
std::string counters_to_text(const Counters& counters);

}  // namespace kspan
