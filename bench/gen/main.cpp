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

#include "generate.hpp"
#include "render.hpp"

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
  }

  GenOptions options;
  options.events = events;
  options.size = size;
  options.seed = seed;
  options.format = format;
  options.pretty = pretty != 0;
  options.stream_truth = stream_truth;
  GenStats stats;
  std::string error;
  if (!generate(options, out, truth, stats, error)) {
    std::fprintf(stderr, "kspan-gen: %s\n", error.c_str());
    return 2;
  }
  if (out != stdout) std::fclose(out);
  if (truth) std::fclose(truth);
  if (!quiet) {
    std::fprintf(stderr, "kspan-gen: %llu event records, %llu object records, %llu bytes, %llu scenarios (",
                 static_cast<unsigned long long>(stats.event_records),
                 static_cast<unsigned long long>(stats.object_records),
                 static_cast<unsigned long long>(stats.bytes), static_cast<unsigned long long>(stats.scenarios));
    bool first = true;
    for (const auto& [k, v] : stats.kinds) {
      std::fprintf(stderr, "%s%s %llu", first ? "" : ", ", k.c_str(), static_cast<unsigned long long>(v));
      first = false;
    }
    std::fprintf(stderr, "), simulated %s to %s\n", rfc3339(stats.first_ns).c_str(), rfc3339(stats.last_start_ns).c_str());
    if (truth) std::fputs(stats.truth_summary.c_str(), stderr);
  }
  return 0;
}
