#include "generate.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "oracle.hpp"
#include "scenarios.hpp"

namespace kspan::gen {
namespace {

// Keeps only the first `keep` event records of a scenario (in time order), and the object
// states that existed by then: the scenario stops there, as if the recording ended.
void trim(Scenario& s, uint64_t keep, bool dump) {
  std::vector<int64_t> times;
  for (const auto& e : s.events) {
    if (dump) times.push_back(e.times.back());
    else times.insert(times.end(), e.times.begin(), e.times.end());
  }
  std::sort(times.begin(), times.end());
  if (keep >= times.size()) return;
  const int64_t cut = keep == 0 ? s.start_ns - 1 : times[keep - 1];
  std::vector<Event> kept;
  for (auto& e : s.events) {
    // A dump holds final states: an event that goes on after the cut is left out whole.
    if (dump && e.times.back() > cut) continue;
    while (!e.times.empty() && e.times.back() > cut) e.times.pop_back();
    if (!e.times.empty()) kept.push_back(std::move(e));
  }
  s.events = std::move(kept);
  std::vector<Object> objects;
  for (auto& o : s.objects) {
    while (o.versions.size() > 1 && o.versions.back().at_ns > cut) o.versions.pop_back();
    if (o.versions.front().at_ns > cut) continue;
    if (o.deleted_ns && *o.deleted_ns > cut) o.deleted_ns.reset();
    objects.push_back(std::move(o));
  }
  s.objects = std::move(objects);
  s.end_ns = std::min(s.end_ns, cut);
}

uint64_t records_of(const Scenario& s, bool dump) {
  uint64_t n = 0;
  for (const auto& e : s.events) n += dump ? 1 : e.times.size();
  return n;
}

}  // namespace

bool generate(const GenOptions& o, std::FILE* out, std::FILE* truth, GenStats& stats, std::string& error) {
  if (o.stream_truth && o.format != Format::Watch) {
    error = "--stream-truth needs --format watch (kspan convert --stream needs observedAt)";
    return false;
  }
  const bool dump = is_dump(o.format);
  Rng master(o.seed);
  Rng cluster_rng = master.fork(1);
  const uint64_t expected = o.size > 0 ? o.size / 1500 : o.events;
  Cluster cluster(cluster_rng, expected);
  Output output(out, o.format, o.pretty, o.seed);
  const int64_t base = 1709251200LL * kSecond;  // 2024-03-01T00:00:00Z

  auto nodes = std::make_shared<Scenario>();
  nodes->start_ns = nodes->end_ns = base;
  nodes->objects = cluster.node_objects(base);
  output.add_objects(nodes, base);

  if (truth) write_truth_header(truth);
  Oracle oracle(dump, o.format == Format::Watch, o.stream_truth);
  uint64_t written_events = 0;
  int64_t t = base + 1 * kSecond;
  Rng timing = master.fork(2);
  while (o.size > 0 ? output.estimated_bytes() < o.size : written_events < o.events) {
    Rng r = master.fork(100 + stats.scenarios);
    auto s = std::make_shared<Scenario>(make_scenario(r, cluster, t));
    uint64_t n = records_of(*s, dump);
    bool last = false;
    if (o.size == 0 && written_events + n > o.events) {
      trim(*s, o.events - written_events, dump);
      n = records_of(*s, dump);
    } else if (o.size > 0) {
      // A long scenario (a CronJob's hour of runs) would overshoot a small size: cut it to fit.
      const uint64_t estimate = output.estimated_bytes();
      const uint64_t per_record = output.mean_record_bytes();
      const uint64_t fits = estimate >= o.size ? 0 : (o.size - estimate) / per_record;
      if (n > fits) {
        trim(*s, std::max<uint64_t>(fits, 1), dump);
        n = records_of(*s, dump);
        last = true;
      }
    }
    written_events += n;
    ++stats.scenarios;
    ++stats.kinds[s->kind];
    output.add(s);
    if (truth) oracle.add(s);
    output.flush_before(t);
    if (truth) oracle.flush(t, truth);
    stats.last_start_ns = t;
    // Scenarios start as a Poisson process: on average one every 1.5 s.
    double u = (static_cast<double>(timing.next() >> 11) + 0.5) * 0x1.0p-53;
    t += static_cast<int64_t>(-std::log(u) * 1.5e9) + 1000;
    if (last) break;
  }
  output.finish();
  if (truth) {
    oracle.finish(truth);
    char* text = nullptr;
    size_t len = 0;
    std::FILE* mem = open_memstream(&text, &len);
    oracle.print_summary(mem);
    std::fclose(mem);
    stats.truth_summary.assign(text, len);
    std::free(text);
  }
  stats.first_ns = base;
  stats.event_records = output.event_records();
  stats.object_records = output.object_records();
  stats.bytes = output.bytes();
  return true;
}

std::string generate_to_string(const GenOptions& options, std::string* truth_out) {
  char* text = nullptr;
  size_t len = 0;
  char* truth_text = nullptr;
  size_t truth_len = 0;
  std::FILE* out = open_memstream(&text, &len);
  std::FILE* truth = truth_out ? open_memstream(&truth_text, &truth_len) : nullptr;
  GenStats stats;
  std::string error;
  generate(options, out, truth, stats, error);
  std::fclose(out);
  std::string result(text, len);
  std::free(text);
  if (truth) {
    std::fclose(truth);
    truth_out->assign(truth_text, truth_len);
    std::free(truth_text);
  }
  return result;
}

}  // namespace kspan::gen
