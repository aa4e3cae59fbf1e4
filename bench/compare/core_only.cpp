// kspan-core-only [--stream] FILE: the core alone over a file (1 MiB pushes, a sink that only counts
// spans), to tell the core's own memory and time from the CLI's (output buffering, inputs).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "kspan/engine.hpp"

namespace {
struct Count : kspan::SpanSink {
  uint64_t spans = 0;
  void on_span(const kspan::Span&, const kspan::Resource&) override { ++spans; }
  void on_span_view(const kspan::SpanView&, const kspan::Resource&) override { ++spans; }  // as a writer: no copy
};
}  // namespace

int main(int argc, char** argv) {
  kspan::Settings settings;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--stream") == 0) settings.live = true;
    else path = argv[i];
  }
  if (path == nullptr) {
    std::fprintf(stderr, "Usage: kspan-core-only [--stream] FILE (JSON: no YAML converter here)\n");
    return 2;
  }
  std::FILE* in = std::fopen(path, "rb");
  if (!in) {
    std::perror(path);
    return 1;
  }
  Count sink;
  kspan::Engine engine(settings, sink);
  engine.begin_source(path);
  std::vector<char> chunk(1 << 20);
  size_t n;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), in)) > 0) engine.push(std::string_view(chunk.data(), n));
  std::fclose(in);
  engine.end_source();
  engine.finish();
  std::printf("%llu events, %llu spans\n", static_cast<unsigned long long>(engine.counters().events),
              static_cast<unsigned long long>(sink.spans));
  return 0;
}
