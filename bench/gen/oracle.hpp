// The ground truth: the parent correlation.md (sections 1.2 to 5, replay mode) gives each event
// span of a scenario, worked out from the scenario's own model (which object re-targets to which,
// who owns what, which managedFields entry changed the spec) rather than from the written bytes.
//
// This is a second, deliberately plain reading of the spec (maps, linear scans, no indexes), kept
// apart from the core so that the two can disagree. Scenarios share no active object, so each is
// worked out alone; only root numbering ("epochs") carries across scenarios, for Nodes.
//
// Truth file (TSV, one line per event span):
//   uid  count  expected-parent  rule  cause  span-name  message
// expected-parent: "e:<uid>#<count>" (an event span; count 0 when the record has none),
// "r:<Kind>/<namespace>/<name>#<n>" (the n-th root synthesised for that top object, counting from
// 0 in time order), or "-" (a trace of its own). cause: the generator's own idea of the cause
// ("e:<uid>" or "o:<Kind>/<namespace>/<name>"), where it differs from the spec it is reported.
#pragma once
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <vector>
#include <string>

#include "scenarios.hpp"

namespace kspan::gen {

struct OracleSettings {
  int64_t window_ns = 5 * kSecond;
  int64_t expire_after_ns = 300 * kSecond;
  int64_t max_trace_ns = 3600 * kSecond;
};

void write_truth_header(std::FILE* f);

class Oracle {
 public:
  // dump: the output holds final states (one record per event, no deleted objects).
  // observed: records carry observedAt (watch envelopes).
  // live: what `kspan convert --stream` knows (each object as last read), instead of replay's
  // final state of everything; only watch streams carry the observedAt --stream needs.
  Oracle(bool dump, bool observed, bool live = false, OracleSettings settings = {});
  ~Oracle();
  // Scenarios come in start order. A scenario's truth is written once no scenario still to come
  // can have an event in a second it has events in (the clock is shared: see Run::process).
  void add(std::shared_ptr<const Scenario> scenario);
  void flush(int64_t next_start_ns, std::FILE* out);
  void finish(std::FILE* out);
  void print_summary(std::FILE* f) const;

 private:
  struct Prepared;
  void run(Prepared& p, std::FILE* out);
  static constexpr size_t kDepths = 8;
  std::vector<std::unique_ptr<Prepared>> waiting_;
  // For each second: the latest effective time of an event of each owner depth.
  std::map<int64_t, std::vector<int64_t>> latest_by_depth_;
  // Live: the observedAt of every event record still relevant (see Knowledge::released_at).
  std::multiset<int64_t> event_observed_;
  bool dump_, observed_, live_;
  OracleSettings s_;
  std::map<std::string, int> next_epoch_;  // per top object, across scenarios
  std::map<std::string, uint64_t> rules_;
  uint64_t spans_ = 0, differs_from_cause_ = 0;
};

}  // namespace kspan::gen
