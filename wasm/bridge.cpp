// The core for JavaScript: a Session is one load of files (push bytes, finish, read the
// traces and the counters). Thin: no correlation logic lives here.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kspan/engine.hpp"
#include "kspan/otlp_json_writer.hpp"
#include "kspan/tree_writer.hpp"

namespace {

using emscripten::val;

// YAML reaches the core through the page's YAML library: self.kspanYamlToJson(text)
// returns {json} or {error, line}.
class JsYamlConverter : public kspan::YamlConverter {
 public:
  bool to_json(std::string_view yaml, std::string& json, std::string& error) override {
    val convert = val::global("kspanYamlToJson");
    if (convert.isUndefined()) {
      error = "this page has no YAML reader";
      return false;
    }
    val result = convert(std::string(yaml));
    if (result.hasOwnProperty("json")) {
      json = result["json"].as<std::string>();
      return true;
    }
    error = result.hasOwnProperty("error") ? result["error"].as<std::string>() : "invalid YAML";
    if (result.hasOwnProperty("line")) error += " (line " + std::to_string(result["line"].as<int>()) + " of the document)";
    return false;
  }
};

class FanOut : public kspan::SpanSink {
 public:
  kspan::OtlpJsonWriter otlp{KSPAN_VERSION};
  std::optional<kspan::TreeWriter> tree;
  void on_span(const kspan::Span& span, const kspan::Resource& resource) override {
    otlp.on_span(span, resource);
    if (tree) tree->on_span(span, resource);
  }
};

int64_t seconds_setting(const nlohmann::json& settings, const char* key, int64_t fallback) {
  auto it = settings.find(key);
  if (it == settings.end() || !it->is_number()) return fallback;
  return static_cast<int64_t>(it->get<double>() * 1e9);
}

kspan::Settings parse_settings(const std::string& text) {
  kspan::Settings settings;
  settings.version = KSPAN_VERSION;
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return settings;
  settings.window_ns = seconds_setting(json, "window_s", settings.window_ns);
  settings.reorder_ns = seconds_setting(json, "reorder_s", settings.reorder_ns);
  settings.expire_after_ns = seconds_setting(json, "expire_after_s", settings.expire_after_ns);
  settings.max_trace_ns = seconds_setting(json, "max_trace_s", settings.max_trace_ns);
  auto cluster = json.find("cluster_name");
  if (cluster != json.end() && cluster->is_string()) settings.cluster_name = cluster->get<std::string>();
  return settings;
}

bool wants_tree(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  auto tree = json.is_object() ? json.find("tree") : json.end();
  return json.is_object() && tree != json.end() && tree->is_boolean() && tree->get<bool>();
}

class Session {
 public:
  explicit Session(const std::string& settings_json) : engine_(parse_settings(settings_json), sink_, &yaml_) {
    if (wants_tree(settings_json)) sink_.tree.emplace();
  }
  void begin_source(const std::string& name) { engine_.begin_source(name); }
  // Copies a Uint8Array into wasm memory in one call, then pushes it.
  void push(const val& bytes) {
    const size_t size = bytes["length"].as<size_t>();
    buffer_.resize(size);
    val(emscripten::typed_memory_view(size, reinterpret_cast<uint8_t*>(buffer_.data()))).call<void>("set", bytes);
    engine_.push(buffer_);
  }
  void end_source() { engine_.end_source(); }
  void finish() { engine_.finish(); }
  std::string otlp_json() const { return sink_.otlp.to_json(); }
  // The same as UTF-8 bytes: one copy into a Uint8Array, no string decoding in JavaScript.
  val otlp_json_bytes() const {
    const std::string text = sink_.otlp.to_json();
    val bytes = val::global("Uint8Array").new_(text.size());
    bytes.call<void>("set", val(emscripten::typed_memory_view(text.size(), reinterpret_cast<const uint8_t*>(text.data()))));
    return bytes;
  }
  std::string tree_text() const { return sink_.tree ? sink_.tree->to_text() : std::string(); }
  std::string summary_json() const { return kspan::counters_to_json(engine_.counters()); }

 private:
  JsYamlConverter yaml_;
  FanOut sink_;
  kspan::Engine engine_;
  std::string buffer_;
};

bool is_bundle_resource(const std::string& path) { return kspan::is_bundle_resource(path); }
std::string version() { return KSPAN_VERSION; }

}  // namespace

EMSCRIPTEN_BINDINGS(kspan) {
  emscripten::class_<Session>("Session")
      .constructor<const std::string&>()
      .function("beginSource", &Session::begin_source)
      .function("push", &Session::push)
      .function("endSource", &Session::end_source)
      .function("finish", &Session::finish)
      .function("otlpJson", &Session::otlp_json)
      .function("otlpJsonBytes", &Session::otlp_json_bytes)
      .function("treeText", &Session::tree_text)
      .function("summaryJson", &Session::summary_json);
  emscripten::function("isBundleResource", &is_bundle_resource);
  emscripten::function("version", &version);
}
