// Turns command-line inputs (files, `-`, folders, gzip, tar archives, support bundles)
// into named byte streams for the core. Formats are detected by content, never by name.
#pragma once
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

struct archive;  // libarchive

namespace kspan::cli {

class ByteReader;
class FdReader;

// Where the streams go: kspan::Engine in the CLI, a recorder in tests.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  virtual void begin_source(std::string_view name) = 0;
  virtual void push(std::string_view bytes) = 0;
  virtual void end_source() = 0;
};

// Same size as the native readers of the projects we learn from: large enough that the
// per-call cost vanishes, small enough that memory follows the output, not the input.
constexpr size_t kChunkSize = 1 << 20;

class InputFeeder {
 public:
  // Problems are reported on errors, one line each; feeding goes on with the next input.
  InputFeeder(StreamSink& sink, std::ostream& errors) : sink_(sink), errors_(errors) {}

  // One command-line argument: a path, or `-` for standard input.
  void feed(const std::string& argument);

  uint64_t failures() const { return failures_; }
  // Support bundle files that are not cluster resources (logs, host data).
  uint64_t passed_over() const { return passed_over_; }

 private:
  void feed_folder(const std::string& folder);
  void collect_files(const std::string& folder, std::vector<std::string>& files);
  void feed_file(const std::string& path);
  void feed_stdin();
  // open attaches the archive's bytes; it is called twice (entry names first, then data).
  void feed_archive(const std::string& name, const std::function<int(archive*)>& open);
  void pump(std::string_view name, ByteReader& reader);
  // A plain file read through a mapping; false (nothing fed) when it cannot be mapped.
  bool pump_mapped(const std::string& path, FdReader& file);
  void report(const std::string& message);

  StreamSink& sink_;
  std::ostream& errors_;
  uint64_t failures_ = 0;
  uint64_t passed_over_ = 0;
};

// The part of a path from its `cluster-resources` component on ("" when it has none):
// what kspan::is_bundle_resource expects, wherever the bundle was unpacked.
std::string bundle_relative_path(std::string_view path);

}  // namespace kspan::cli
