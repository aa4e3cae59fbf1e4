// The push API of the correlation core: bytes in, final spans out to a sink.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kspan/counters.hpp"
#include "kspan/settings.hpp"
#include "kspan/span.hpp"

namespace kspan {

// Turns one YAML document into JSON text. Injected by the caller so the core
// stays portable (native: yaml-cpp; browser: an npm YAML library).
class YamlConverter {
 public:
  virtual ~YamlConverter() = default;
  // Returns false and sets error (with the line inside the document when known).
  virtual bool to_json(std::string_view yaml, std::string& json, std::string& error) = 0;
};

class Engine {
 public:
  Engine(Settings settings, SpanSink& sink, YamlConverter* yaml = nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // A source is one file (or stream); its format is detected from its first bytes.
  void begin_source(std::string_view name);
  void push(std::string_view bytes);  // any chunk size
  void end_source();
  // A file the caller found and did not push (a support bundle's logs, host data): counted.
  void pass_over(std::string_view path);
  // Live mode: the watermark (host time, ns since the Unix epoch).
  void advance_watermark(int64_t now_ns);
  // End of all input: every pending event is resolved and every span is final.
  void finish();

  const Counters& counters() const;
  const std::vector<Resource>& resources() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether a path inside a support bundle is one kspan reads (cluster-resources/**.json).
bool is_bundle_resource(std::string_view path);

}  // namespace kspan
