#include "convert_command.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <malloc.h>
#include <optional>

#include "cli_options.hpp"
#include "input_source.hpp"
#include "kspan/counters.hpp"
#include "kspan/engine.hpp"
#include "kspan/otlp_json_writer.hpp"
#include "kspan/settings.hpp"
#include "kspan/tree_writer.hpp"
#include "report_page.hpp"
#include "resource_attributes.hpp"
#include "yaml_to_json.hpp"

namespace kspan::cli {
namespace {

constexpr const char* kName = "kspan convert";

enum class OutputFormat { Otlp, Tree, Html };

struct ConvertOptions {
  kspan::Settings settings;
  OutputFormat format = OutputFormat::Otlp;
  std::string web_dir;
  std::string output;  // empty: standard output
  std::string summary_json;
  std::optional<std::string> cluster_name;
  bool quiet = false;
};

std::vector<Flag> convert_flags(ConvertOptions& o) {
  return {
      {"--output", "-o", "FILE", "Write the result to FILE instead of standard output.",
       [&o](const std::string& v) { o.output = v; }},
      {"--format", "", "FORMAT",
       "otlp (default): one OTLP/JSON ExportTraceServiceRequest;\ntree: one line per span, depth-first;\n"
       "html: one self-contained page (the viewer with the traces inside) that\nopens from disk, offline.",
       [&o](const std::string& v) {
         if (v == "otlp") o.format = OutputFormat::Otlp;
         else if (v == "tree") o.format = OutputFormat::Tree;
         else if (v == "html") o.format = OutputFormat::Html;
         else throw UsageError("bad --format '" + v + "' (otlp, tree or html)");
       }},
      {"--web-dir", "", "DIR", "The built viewer, for --format html (default: build/web beside this\nprogram, or $KSPAN_WEB_DIR).",
       [&o](const std::string& v) { o.web_dir = v; }},
      {"--stream", "", "", "Process records as they come, in bounded memory, with the largest\nobservedAt as the clock (for huge recordings).",
       [&o](const std::string&) { o.settings.live = true; }},
      {"--quiet", "-q", "", "Print no summary on standard error.", [&o](const std::string&) { o.quiet = true; }},
      {"--summary-json", "", "FILE", "Also write the summary (counters, skips, sources) as JSON to FILE.",
       [&o](const std::string& v) { o.summary_json = v; }},
  };
}

std::string help_text(const std::vector<Flag>& flags) {
  return std::string("Usage: kspan convert [flags] INPUT...\n\n") +
         "Turns Kubernetes Events, and the objects they name, into OpenTelemetry traces.\n"
         "INPUT is a file, '-' for standard input, or a folder (read recursively). Formats are\n"
         "detected by content: kubectl JSON or YAML lists, watch streams, JSON Lines, kspan\n"
         "captures, OTLP JSON; gzip-compressed or not; tar archives; troubleshoot support\n"
         "bundles as a folder or .tar.gz (only cluster-resources/ is read).\n\n"
         "Flags:\n" +
         format_flags(flags) +
         "\nDurations: 300ms, 5s, 1.5m, 1h30m (units ns, us, ms, s, m, h).\n"
         "\nEnvironment:\n"
         "  OTEL_RESOURCE_ATTRIBUTES  key=value,... (percent-encoded) added to every resource;\n"
         "                            k8s.cluster.name there names the cluster unless --cluster-name does.\n"
         "\nExit status: 0 when something was converted (skipped records are reported, not fatal),\n"
         "1 when no input was usable, 2 for a usage error.\n";
}

class EngineSink : public StreamSink {
 public:
  explicit EngineSink(kspan::Engine& engine) : engine_(engine) {}
  void begin_source(std::string_view name) override { engine_.begin_source(name); }
  void push(std::string_view bytes) override { engine_.push(bytes); }
  void end_source() override { engine_.end_source(); }

 private:
  kspan::Engine& engine_;
};

// Writes to `path` (standard output for "" or "-") whatever `produce` hands over, piece by
// piece, so a large result is never copied whole.
bool write_output(const std::string& path, const std::function<void(std::ostream&)>& produce) {
  if (path.empty() || path == "-") {
    produce(std::cout);
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  produce(file);
  file.close();
  if (!file) std::cerr << "kspan: cannot write " << path << '\n';
  return static_cast<bool>(file);
}

bool write_text(const std::string& path, const std::string& text) {
  return write_output(path, [&text](std::ostream& out) { out << text; });
}

std::string with_newline(std::string text) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

// One temporary file per resource, created on first use, removed at exit (std::tmpfile).
class TempFileSpill : public kspan::SpillStore {
 public:
  ~TempFileSpill() override {
    for (std::FILE* f : files_)
      if (f != nullptr) std::fclose(f);
  }
  void append(size_t bucket, std::string_view text) override {
    if (bucket >= files_.size()) files_.resize(bucket + 1, nullptr);
    if (files_[bucket] == nullptr) files_[bucket] = std::tmpfile();
    if (files_[bucket] != nullptr) std::fwrite(text.data(), 1, text.size(), files_[bucket]);
  }
  void read(size_t bucket, const std::function<void(std::string_view)>& out) override {
    if (bucket >= files_.size() || files_[bucket] == nullptr) return;
    std::FILE* f = files_[bucket];
    std::rewind(f);
    std::vector<char> chunk(1 << 20);
    size_t n;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) out(std::string_view(chunk.data(), n));
  }

 private:
  std::vector<std::FILE*> files_;
};

// A convert frees and allocates in waves (each second's events, each spill of the writer):
// by default glibc gives the top of the heap back after a wave and the next wave faults it in
// again, about a fifth of convert's CPU in system time. Up to 128 MiB are kept instead; what is
// never touched again is never resident, so the peak does not grow.
void keep_freed_heap() {
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
}

int run_convert(const std::vector<std::string>& args) {
  keep_freed_heap();
  ConvertOptions o;
  o.settings.version = version();
  auto flags = convert_flags(o);
  for (auto&& group : {correlation_flags(o.settings, o.cluster_name, ClockFlags::WithStream), limit_flags(o.settings)})
    flags.insert(flags.end(), group.begin(), group.end());
  ParsedArgs parsed;
  if (auto stop = parse_command_line(kName, args, flags, help_text(flags), parsed)) return *stop;
  if (parsed.positionals.empty()) return usage_error(kName, "no INPUT given (use '-' for standard input)");
  apply_resource_environment(o.cluster_name, o.settings);

  std::optional<std::string> report_template;
  if (o.format == OutputFormat::Html) {
    report_template = read_report_template(o.web_dir);
    if (!report_template) return kExitFailure;
  }
  kspan::OtlpJsonWriter otlp(o.settings.version);
  TempFileSpill spill;  // the OTLP text of a huge input waits on disk, not in memory
  otlp.spill_to(&spill);
  kspan::TreeWriter tree;
  YamlToJson yaml;
  const bool tree_format = o.format == OutputFormat::Tree;
  kspan::Engine engine(o.settings, tree_format ? static_cast<kspan::SpanSink&>(tree) : otlp, &yaml);
  EngineSink sink(engine);
  InputFeeder feeder(sink, std::cerr);
  for (const auto& input : parsed.positionals) feeder.feed(input);
  engine.finish();

  kspan::Counters counters = engine.counters();
  counters.files_passed_over += feeder.passed_over();
  if (!o.quiet) std::cerr << with_newline(kspan::counters_to_text(counters));
  bool written = o.summary_json.empty() || write_text(o.summary_json, with_newline(kspan::counters_to_json(counters)));

  // Records that were all skipped (a file of something else) do not make a usable input.
  if (!counters.usable()) {
    std::cerr << kName << ": no usable input\n";
    return kExitFailure;
  }
  switch (o.format) {
    case OutputFormat::Tree: written = write_text(o.output, tree.to_text()) && written; break;
    case OutputFormat::Otlp:
      written = write_output(o.output, [&otlp](std::ostream& out) {
                  otlp.write([&out](std::string_view piece) { out.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
                }) && written;
      break;
    case OutputFormat::Html:
      written = write_text(o.output, fill_report(*report_template, otlp.to_json(), kspan::counters_to_json(counters))) && written;
      break;
  }
  return written ? kExitOk : kExitFailure;
}

}  // namespace

Command convert_command() {
  return {"convert", "Turn event dumps (files, folders, archives, bundles, stdin) into traces.", run_convert};
}

}  // namespace kspan::cli
