// Helpers shared by the core's tests: run the engine over in-memory sources and compare trees.
#pragma once
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "kspan/engine.hpp"
#include "kspan/otlp_json_writer.hpp"
#include "kspan/tree_writer.hpp"
#include "yaml_to_json.hpp"

namespace kspan::test {

struct Source {
  std::string name;
  std::string bytes;
};

struct Result {
  std::string otlp;
  std::string tree;
  Counters counters;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string fixture(const std::string& relative) { return read_file(std::string(KSPAN_FIXTURES) + "/" + relative); }

inline Source fixture_source(const std::string& relative) { return Source{relative, fixture(relative)}; }

// Settings as the tests use them: the spec's defaults, written out.
inline Settings test_settings() {
  Settings settings;
  settings.version = "test";
  return settings;
}

// Feeds each source in chunks of `chunk` bytes (0: whole).
template <typename Chunker>
Result run_chunked(const std::vector<Source>& sources, const Settings& settings, Chunker next_chunk_size) {
  struct Both : SpanSink {
    OtlpJsonWriter otlp{"test"};
    TreeWriter tree;
    void on_span(const Span& span, const Resource& resource) override {
      otlp.on_span(span, resource);
      tree.on_span(span, resource);
    }
  } sink;
  cli::YamlToJson yaml;
  Engine engine(settings, sink, &yaml);
  for (const auto& source : sources) {
    engine.begin_source(source.name);
    size_t at = 0;
    while (at < source.bytes.size()) {
      const size_t size = std::min(source.bytes.size() - at, std::max<size_t>(1, next_chunk_size()));
      engine.push(std::string_view(source.bytes).substr(at, size));
      at += size;
    }
    engine.end_source();
  }
  engine.finish();
  return Result{sink.otlp.to_json(), sink.tree.to_text(), engine.counters()};
}

inline Result run(const std::vector<Source>& sources, const Settings& settings = test_settings()) {
  return run_chunked(sources, settings, [] { return size_t(1) << 20; });
}

// A tree in the spec's line format, reduced to a canonical form: each span with its subtree,
// siblings sorted, so two trees compare equal exactly when every span has the same parent.
std::string canonical_tree(const std::string& tree_text);

}  // namespace kspan::test
