// The core for JavaScript: a Session is one load of files (push bytes, finish, read the
// traces and the counters). Thin: no correlation logic lives here.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kspan/engine.hpp"
#include "kspan/otlp_json_writer.hpp"
#include "kspan/span_table_writer.hpp"
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
  std::optional<kspan::OtlpJsonWriter> otlp;
  std::optional<kspan::TreeWriter> tree;
  std::optional<kspan::SpanTableWriter> table;
  void on_span(const kspan::Span& span, const kspan::Resource& resource) override {
    if (otlp) otlp->on_span(span, resource);
    if (tree) tree->on_span(span, resource);
    if (table) table->on_span(span, resource);
  }
};

// A copy of a vector as a new typed array (never a view: wasm memory may move).
template <typename T>
val typed_array(const std::vector<T>& values, const char* type) {
  val array = val::global(type).new_(values.size());
  array.call<void>("set", val(emscripten::typed_memory_view(values.size(), values.data())));
  return array;
}

val utf8_bytes(std::string_view text) {
  val bytes = val::global("Uint8Array").new_(text.size());
  bytes.call<void>("set", val(emscripten::typed_memory_view(text.size(), reinterpret_cast<const uint8_t*>(text.data()))));
  return bytes;
}

nlohmann::json otlp_attributes(const std::vector<kspan::Attribute>& attributes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& attribute : attributes) {
    nlohmann::json value;
    if (const auto* text = std::get_if<std::string>(&attribute.value)) value = {{"stringValue", *text}};
    else if (const auto* number = std::get_if<int64_t>(&attribute.value)) value = {{"intValue", std::to_string(*number)}};
    else value = {{"boolValue", std::get<bool>(attribute.value)}};
    out.push_back({{"key", attribute.key}, {"value", value}});
  }
  return out;
}

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The viewer's span table: string table and resources as UTF-8 JSON, every column a typed array.
val table_to_js(const kspan::SpanTable& t) {
  val out = val::object();
  out.set("strings", utf8_bytes(t.strings_json()));
  nlohmann::json resources = nlohmann::json::array();
  for (const auto& resource : t.resources) resources.push_back(otlp_attributes(resource.attributes));
  out.set("resources", utf8_bytes(json_text(resources)));
  out.set("trace", typed_array(t.trace, "Uint32Array"));
  out.set("id", typed_array(t.id, "Uint32Array"));
  out.set("parent", typed_array(t.parent, "Int32Array"));
  out.set("parentId", typed_array(t.parent_id, "Uint32Array"));
  out.set("depth", typed_array(t.depth, "Uint16Array"));
  out.set("name", typed_array(t.name, "Uint32Array"));
  out.set("resource", typed_array(t.resource, "Uint32Array"));
  out.set("kind", typed_array(t.kind, "Uint8Array"));
  out.set("status", typed_array(t.status, "Uint8Array"));
  out.set("statusMessage", typed_array(t.status_message, "Uint32Array"));
  out.set("startUs", typed_array(t.start_us, "Float64Array"));
  out.set("endUs", typed_array(t.end_us, "Float64Array"));
  out.set("startNs", typed_array(t.start_ns, "Uint16Array"));
  out.set("endNs", typed_array(t.end_ns, "Uint16Array"));
  out.set("attrStart", typed_array(t.attr_start, "Uint32Array"));
  out.set("attrKey", typed_array(t.attr_key, "Uint32Array"));
  out.set("attrType", typed_array(t.attr_type, "Uint8Array"));
  out.set("attrValue", typed_array(t.attr_value, "Float64Array"));
  out.set("linkStart", typed_array(t.link_start, "Uint32Array"));
  out.set("linkTrace", typed_array(t.link_trace, "Uint32Array"));
  out.set("linkSpan", typed_array(t.link_span, "Uint32Array"));
  return out;
}

int64_t seconds_setting(const nlohmann::json& settings, const char* key, int64_t fallback) {
  auto it = settings.find(key);
  if (it == settings.end() || !it->is_number()) return fallback;
  return static_cast<int64_t>(it->get<double>() * 1e9);
}

// A limit (a count) of the session: {"max_objects": 100000}; fractions round down, a
// negative or non-number value leaves the default.
size_t count_setting(const nlohmann::json& settings, const char* key, size_t fallback) {
  auto it = settings.find(key);
  if (it == settings.end() || !it->is_number() || !(it->get<double>() >= 0)) return fallback;
  const double value = it->get<double>();
  return value >= static_cast<double>(SIZE_MAX) ? SIZE_MAX : static_cast<size_t>(value);
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
  settings.max_pending_events = count_setting(json, "max_pending_events", settings.max_pending_events);
  settings.max_objects = count_setting(json, "max_objects", settings.max_objects);
  settings.max_resources = count_setting(json, "max_resources", settings.max_resources);
  settings.max_owner_depth = count_setting(json, "max_owner_depth", settings.max_owner_depth);
  auto cluster = json.find("cluster_name");
  if (cluster != json.end() && cluster->is_string()) settings.cluster_name = cluster->get<std::string>();
  return settings;
}

// A boolean setting of the session: {"tree": true}, {"table": true}, {"otlp": false}.
bool flag_setting(const std::string& text, const char* key, bool fallback) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return fallback;
  auto it = json.find(key);
  return it != json.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

class Session {
 public:
  explicit Session(const std::string& settings_json) : engine_(parse_settings(settings_json), sink_, &yaml_) {
    if (flag_setting(settings_json, "otlp", true)) sink_.otlp.emplace(KSPAN_VERSION);
    if (flag_setting(settings_json, "tree", false)) sink_.tree.emplace();
    if (flag_setting(settings_json, "table", false)) sink_.table.emplace();
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
  std::string otlp_json() const { return sink_.otlp ? sink_.otlp->to_json() : std::string(); }
  // The same as UTF-8 bytes, written piece by piece into one Uint8Array: no second copy of
  // the text in wasm memory, and no string decoding in JavaScript.
  val otlp_json_bytes() const {
    if (!sink_.otlp) return val::global("Uint8Array").new_(0);
    size_t size = 0;
    sink_.otlp->write([&size](std::string_view piece) { size += piece.size(); });
    val bytes = val::global("Uint8Array").new_(size);
    size_t at = 0;
    sink_.otlp->write([&](std::string_view piece) {
      bytes.call<void>("set", val(emscripten::typed_memory_view(piece.size(), reinterpret_cast<const uint8_t*>(piece.data()))), at);
      at += piece.size();
    });
    return bytes;
  }
  // Requires {"table": true}; undefined otherwise.
  val span_table() const { return sink_.table ? table_to_js(sink_.table->table()) : val::undefined(); }
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
      .function("spanTable", &Session::span_table)
      .function("treeText", &Session::tree_text)
      .function("summaryJson", &Session::summary_json);
  emscripten::function("isBundleResource", &is_bundle_resource);
  emscripten::function("version", &version);
}
