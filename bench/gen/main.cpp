// kspan-gen: realistic cluster activity (objects and the Events about them) in any of the
// formats kspan reads, at any size, deterministic for a seed, with the expected span tree
// (the ground truth) in a side file.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "oracle.hpp"
#include "output.hpp"
#include "render.hpp"
#include "scenarios.hpp"

using namespace kspan::gen;

namespace {

void usage(std::FILE* f) {
  std::fputs(
      "Usage: kspan-gen [--events N | --size BYTES] [--seed S] [--format FORMAT] [-o FILE]\n"
      "                 [--truth FILE] [--pretty | --compact] [--quiet]\n"
      "\n"
      "Writes simulated cluster activity (Deployments rolling out, StatefulSets, DaemonSets, Jobs,\n"
      "CronJobs, crash loops, image pull failures, unschedulable pods, HPA rescales, node reboots)\n"
      "as the objects and Events a cluster would hold. The same seed gives the same bytes.\n"
      "\n"
      "  --events N      Event records to write (default 10000).\n"
      "  --size BYTES    Instead: write about this many bytes (suffix k, M, G: 280M, 2G).\n"
      "  --seed S        Random seed (default 1).\n"
      "  --format F      list-json (default): one kubectl List of objects and events (final state);\n"
      "                  yaml: the same List as kubectl -o yaml writes it;\n"
      "                  jsonl: every change as a JSON object per line, in time order;\n"
      "                  watch: every change as a watch envelope with observedAt, one per line\n"
      "                  (what `kspan convert --stream` takes).\n"
      "  -o FILE         Output file (default '-': standard output).\n"
      "  --truth FILE    Ground truth: for each event span, the parent the spec gives it\n"
      "                  (default FILE.truth.tsv when -o is a file; none for stdout).\n"
      "  --stream-truth  The truth for `kspan convert --stream` (objects as read so far) instead\n"
      "                  of replay's (final state of every object); --format watch only.\n"
      "  --pretty        Indent JSON like kubectl (default for list-json).\n"
      "  --compact       One line per record (default for jsonl and watch).\n"
      "  --quiet         No summary on standard error.\n",
      f);
}

bool parse_size(const char* s, uint64_t& out) {
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s, &end);
  if (errno != 0 || end == s || v < 0) return false;
  std::string unit(end);
  if (unit == "" || unit == "B") {
  } else if (unit == "k" || unit == "K" || unit == "KB" || unit == "KiB") v *= 1024;
  else if (unit == "M" || unit == "MB" || unit == "MiB") v *= 1024 * 1024;
  else if (unit == "G" || unit == "GB" || unit == "GiB") v *= 1024.0 * 1024 * 1024;
  else return false;
  out = static_cast<uint64_t>(v);
  return true;
}

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

int main(int argc, char** argv) {
  uint64_t events = 10000, size = 0, seed = 1;
  Format format = Format::ListJson;
  std::string out_path = "-", truth_path;
  int pretty = -1;
  bool quiet = false;
  bool stream_truth = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "kspan-gen: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--events") {
      if (!parse_size(value(), events)) return usage(stderr), 2;
    } else if (a == "--size") {
      if (!parse_size(value(), size)) return usage(stderr), 2;
    } else if (a == "--seed") {
      seed = std::strtoull(value(), nullptr, 10);
    } else if (a == "--format") {
      if (!parse_format(value(), format)) {
        std::fprintf(stderr, "kspan-gen: unknown format %s\n", argv[i]);
        return 2;
      }
    } else if (a == "-o" || a == "--output") {
      out_path = value();
    } else if (a == "--truth") {
      truth_path = value();
    } else if (a == "--pretty") {
      pretty = 1;
    } else if (a == "--compact") {
      pretty = 0;
    } else if (a == "--stream-truth") {
      stream_truth = true;
    } else if (a == "--quiet" || a == "-q") {
      quiet = true;
    } else if (a == "--help" || a == "-h") {
      usage(stdout);
      return 0;
    } else {
      std::fprintf(stderr, "kspan-gen: unknown argument %s\n", a.c_str());
      usage(stderr);
      return 2;
    }
  }
  if (pretty < 0) pretty = format == Format::ListJson ? 1 : 0;
  if (truth_path.empty() && out_path != "-") truth_path = out_path + ".truth.tsv";

  std::FILE* out = out_path == "-" ? stdout : std::fopen(out_path.c_str(), "wb");
  if (!out) {
    std::fprintf(stderr, "kspan-gen: cannot write %s: %s\n", out_path.c_str(), std::strerror(errno));
    return 1;
  }
  static char out_buffer[1 << 20];
  std::setvbuf(out, out_buffer, _IOFBF, sizeof out_buffer);
  std::FILE* truth = nullptr;
  if (!truth_path.empty()) {
    truth = std::fopen(truth_path.c_str(), "wb");
    if (!truth) {
      std::fprintf(stderr, "kspan-gen: cannot write %s: %s\n", truth_path.c_str(), std::strerror(errno));
      return 1;
    }
    write_truth_header(truth);
  }

  const bool dump = is_dump(format);
  Rng master(seed);
  Rng cluster_rng = master.fork(1);
  const uint64_t expected = size > 0 ? size / 1500 : events;
  Cluster cluster(cluster_rng, expected);
  Output output(out, format, pretty != 0, seed);
  const int64_t base = 1709251200LL * kSecond;  // 2024-03-01T00:00:00Z

  auto nodes = std::make_shared<Scenario>();
  nodes->start_ns = nodes->end_ns = base;
  nodes->objects = cluster.node_objects(base);
  output.add_objects(nodes, base);

  if (stream_truth && format != Format::Watch) {
    std::fprintf(stderr, "kspan-gen: --stream-truth needs --format watch (kspan convert --stream needs observedAt)\n");
    return 2;
  }
  Oracle oracle(dump, format == Format::Watch, stream_truth);
  uint64_t written_events = 0, scenarios = 0;
  int64_t t = base + 1 * kSecond;
  Rng timing = master.fork(2);
  std::map<std::string, uint64_t> kinds;
  while (size > 0 ? output.bytes() < size : written_events < events) {
    Rng r = master.fork(100 + scenarios);
    auto s = std::make_shared<Scenario>(make_scenario(r, cluster, t));
    uint64_t n = records_of(*s, dump);
    if (size == 0 && written_events + n > events) {
      trim(*s, events - written_events, dump);
      n = records_of(*s, dump);
    }
    written_events += n;
    ++scenarios;
    ++kinds[s->kind];
    output.add(s);
    if (truth) oracle.add(s);
    output.flush_before(t);
    if (truth) oracle.flush(t, truth);
    // Scenarios start as a Poisson process: on average one every 1.5 s.
    double u = (static_cast<double>(timing.next() >> 11) + 0.5) * 0x1.0p-53;
    t += static_cast<int64_t>(-std::log(u) * 1.5e9) + 1000;
  }
  output.finish();
  if (truth) oracle.finish(truth);
  if (out != stdout) std::fclose(out);
  if (truth) std::fclose(truth);
  if (!quiet) {
    std::fprintf(stderr, "kspan-gen: %llu event records, %llu object records, %llu bytes, %llu scenarios (",
                 static_cast<unsigned long long>(output.event_records()),
                 static_cast<unsigned long long>(output.object_records()),
                 static_cast<unsigned long long>(output.bytes()), static_cast<unsigned long long>(scenarios));
    bool first = true;
    for (const auto& [k, v] : kinds) {
      std::fprintf(stderr, "%s%s %llu", first ? "" : ", ", k.c_str(), static_cast<unsigned long long>(v));
      first = false;
    }
    std::fprintf(stderr, "), simulated %s to %s\n", rfc3339(base).c_str(), rfc3339(t).c_str());
    if (truth) oracle.print_summary(stderr);
  }
  return 0;
}
