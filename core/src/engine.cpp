#include "kspan/engine.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "correlator.hpp"
#include "event_decoder.hpp"
#include "json_framer.hpp"
#include "owner_graph.hpp"
#include "retarget_rules.hpp"
#include "rfc3339.hpp"
#include "yaml_framer.hpp"

namespace kspan {

namespace {
using json = nlohmann::json;

int64_t floor_second(int64_t ns) {
  int64_t seconds = ns / kNanosPerSecond;
  if (ns % kNanosPerSecond < 0) --seconds;
  return seconds;
}

bool looks_binary(std::string_view sniff) {
  size_t control = 0;
  for (unsigned char c : sniff) {
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') ++control;
  }
  return control * 10 > sniff.size();
}

// A first line "key:" or "key: value": YAML meant as a mapping, even if it does not parse.
bool looks_like_yaml_mapping(std::string_view text) {
  const size_t end = text.find('\n');
  const std::string_view line = text.substr(0, end);
  if (line.empty() || line[0] == ' ' || line[0] == '-') return false;
  const size_t colon = line.find(':');
  return colon != std::string_view::npos && colon > 0 && (colon + 1 == line.size() || line[colon + 1] == ' ');
}

bool is_gzip(std::string_view sniff) {
  return sniff.size() >= 2 && static_cast<unsigned char>(sniff[0]) == 0x1f && static_cast<unsigned char>(sniff[1]) == 0x8b;
}

// Order key (spec 1.2): second, owner depth of the involved object, time, resourceVersion, uid.
struct OrderKey {
  int64_t second;
  int depth;
  int64_t effective_ns;
  uint64_t resource_version;
  const std::string* uid;
  int64_t count;
  bool operator<(const OrderKey& o) const {
    return std::tie(second, depth, effective_ns, resource_version, *uid, count) <
           std::tie(o.second, o.depth, o.effective_ns, o.resource_version, *o.uid, o.count);
  }
};
}  // namespace

struct Engine::Impl : DecodedSink {
  Settings settings;
  YamlConverter* yaml;
  Counters counters;
  OwnerGraph graph;
  Correlator correlator;

  // The current source.
  std::string source_name;
  std::string sniff;
  bool detected = false;
  std::variant<std::monostate, JsonFramer, YamlFramer> framer;
  SourceSummary* source = nullptr;
  bool source_rejected = false;

  // Events waiting for their turn: all of them in replay, per second in live mode.
  std::map<int64_t, std::vector<RoutedEvent>> waiting;
  std::unordered_map<std::string, std::pair<int64_t, size_t>> occurrence;  // replay: (uid,count) -> slot
  std::unordered_set<std::string> seen;                                   // live: occurrences processed
  int64_t released_through = INT64_MIN;  // live: the last second released
  int64_t watermark = INT64_MIN;

  Impl(Settings s, SpanSink& sink, YamlConverter* y)
      : settings(std::move(s)), yaml(y), correlator(settings, graph, counters, sink) {}

  // ---- sources and framing ----

  void begin_source(std::string_view name) {
    source_name = std::string(name);
    sniff.clear();
    detected = false;
    source_rejected = false;
    framer = std::monostate{};
    counters.sources.push_back(SourceSummary{source_name, "", 0, 0, ""});
    source = &counters.sources.back();
  }

  void push(std::string_view bytes) {
    if (source == nullptr) begin_source("<input>");
    source->bytes += bytes.size();
    if (!detected) {
      sniff.append(bytes);
      if (sniff.size() < 4096 && !first_meaningful_byte()) return;
      detect();
      std::string buffered = std::move(sniff);
      sniff.clear();
      feed(buffered);
      return;
    }
    feed(bytes);
  }

  bool first_meaningful_byte() const {
    return sniff.size() >= 64 && sniff.find_first_not_of(" \t\r\n\xef\xbb\xbf") != std::string::npos;
  }

  void detect() {
    detected = true;
    const size_t start = sniff.find_first_not_of(" \t\r\n\xef\xbb\xbf");
    const char first = start == std::string::npos ? '\0' : sniff[start];
    auto on_error = [this](const FramingError& e) { counters.skip(e.reason, here(e.line, e.offset), e.detail); };
    if (start == std::string::npos) {
      source->format = "empty";
    } else if (is_gzip(sniff)) {
      reject("gzip-compressed data: the caller decompresses it before the core");
    } else if (first == '{' || first == '[') {
      source->format = "json";
      framer.emplace<JsonFramer>([this](const RawRecord& r) { on_json_record(r); }, on_error);
    } else if (looks_binary(sniff)) {
      reject("binary data, not JSON or YAML");
    } else {
      source->format = sniff.compare(start, 3, "# {") == 0 ? "kspan-capture" : "yaml";
      framer.emplace<YamlFramer>([this](const YamlDocument& d) { on_yaml_document(d); }, on_error);
    }
  }

  void reject(const std::string& why) {
    source_rejected = true;
    source->format = "not-a-dump";
    source->error = "not a dump: " + why;
    counters.skip("not-a-dump", here(0, 0), why);
  }

  void feed(std::string_view bytes) {
    if (auto* f = std::get_if<JsonFramer>(&framer)) f->push(bytes);
    else if (auto* y = std::get_if<YamlFramer>(&framer)) y->push(bytes);
  }

  void end_source() {
    if (source == nullptr) return;
    if (!detected) {
      detect();
      std::string buffered = std::move(sniff);
      sniff.clear();
      feed(buffered);
    }
    if (auto* f = std::get_if<JsonFramer>(&framer)) f->finish();
    else if (auto* y = std::get_if<YamlFramer>(&framer)) y->finish();
    framer = std::monostate{};
    source = nullptr;
  }

  Location here(uint64_t line, uint64_t offset) const { return Location{source_name, line, offset, ""}; }

  // ---- records ----

  void on_json_record(const RawRecord& record) { decode_text(record.text, here(record.line, record.offset), std::nullopt); }

  void on_yaml_document(const YamlDocument& document) {
    if (source_rejected) return;
    const Location where = here(document.line, document.offset);
    std::optional<int64_t> observed;
    if (!document.capture_header.empty()) {
      json header = json::parse(document.capture_header, nullptr, false);
      const json* time = header.is_object() && header.contains("time") ? &header["time"] : nullptr;
      if (time != nullptr && time->is_string()) observed = parse_rfc3339(time->get_ref<const std::string&>());
      if (!observed) counters.repair("bad-capture-header", where, "the capture header has no valid time");
    }
    if (yaml == nullptr) {
      counters.skip("yaml-unsupported", where, "a YAML document");
      return;
    }
    std::string text, error;
    if (!yaml->to_json(document.text, text, error)) {
      if (source->records == 0 && !looks_like_yaml_mapping(document.text)) {
        reject("text that is not YAML (" + error + ")");
        return;
      }
      ++counters.records;
      ++source->records;
      counters.skip("yaml-error", where, error);
      return;
    }
    decode_text(text, where, observed);
  }

  void decode_text(std::string_view text, const Location& where, std::optional<int64_t> observed) {
    if (source_rejected) return;
    // Prose parses as one YAML scalar: a file whose first document is no mapping is no dump.
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (std::holds_alternative<YamlFramer>(framer) && source->records == 0 &&
        (first == std::string_view::npos || text[first] != '{')) {
      reject("text, not JSON or YAML objects");
      return;
    }
    ++counters.records;
    ++source->records;
    decode_record_text(text, DecodeContext{where, observed, settings.reorder_ns}, counters, *this);
  }

  void on_object(ObjectObservation&& object) override {
    ++counters.objects;
    graph.observe(std::move(object));
    // Live, an object first seen after an event that needed it lets that event resolve.
    if (settings.live) correlator.knowledge_changed();
  }

  void on_event(Event&& event) override {
    const std::string occurrence_key = event.uid + "#" + std::to_string(count_or_zero(event));
    if (settings.live) {
      if (!seen.insert(occurrence_key).second) {
        counters.skip("duplicate-event", event.where, "occurrence already processed");
        return;
      }
    }
    if (event.skewed) ++counters.skewed;
    RoutedEvent routed = route(std::move(event));
    if (settings.live) {
      accept_live(std::move(routed));
      return;
    }
    const int64_t second = floor_second(routed.event.effective_ns);
    auto it = occurrence.find(occurrence_key);
    if (it != occurrence.end()) {
      RoutedEvent& kept = waiting[it->second.first][it->second.second];
      const bool newer = routed.event.resource_version > kept.event.resource_version;
      counters.skip("duplicate-event", newer ? kept.event.where : routed.event.where,
                    "another record of event " + routed.event.uid + " was kept");
      if (!newer) return;
      // Replace in place only when the second is unchanged; else retire the old slot.
      if (it->second.first == second) {
        kept = std::move(routed);
        return;
      }
      kept.event.uid.clear();  // a retired slot, skipped at release
    } else {
      ++counters.events;
    }
    auto& bucket = waiting[second];
    occurrence[occurrence_key] = {second, bucket.size()};
    bucket.push_back(std::move(routed));
  }

  RoutedEvent route(Event&& event) {
    RoutedEvent routed;
    const ObjectRef& involved = event.involved;
    routed.involved = graph.intern(involved.kind, involved.api_version, involved.ns, involved.name);
    if (!involved.uid.empty()) graph.note_uid(routed.involved, involved.uid);
    graph.name_by_event(routed.involved);
    routed.object = routed.involved;
    if (auto target = retarget(involved.kind, event.message)) {
      routed.actor = routed.involved;
      routed.object = graph.intern(target->subject_kind, "", involved.ns, target->subject_name);
      graph.name_by_event(routed.object);
      graph.claim(routed.object, routed.actor, ClaimKey{event.effective_ns, event.resource_version, event.uid});
    }
    if (event.related && !event.related->name.empty()) {
      const ObjectRef& related = *event.related;
      routed.related = graph.intern(related.kind, related.api_version, related.ns.empty() ? involved.ns : related.ns,
                                    related.name);
      graph.name_by_event(routed.related);
    }
    routed.event = std::move(event);
    return routed;
  }

  // ---- ordering ----

  void release(std::vector<RoutedEvent>& batch) {
    std::vector<std::pair<OrderKey, size_t>> order;
    order.reserve(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      const Event& e = batch[i].event;
      if (e.uid.empty()) continue;
      order.push_back({OrderKey{floor_second(e.effective_ns), graph.depth(batch[i].involved), e.effective_ns,
                                e.resource_version, &e.uid, count_or_zero(e)},
                       i});
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [key, i] : order) correlator.process(std::move(batch[i]));
  }

  void release_through(int64_t last_second) {
    while (!waiting.empty() && waiting.begin()->first <= last_second) {
      auto node = waiting.extract(waiting.begin());
      released_through = std::max(released_through, node.key());
      release(node.mapped());
    }
  }

  void accept_live(RoutedEvent&& routed) {
    const int64_t second = floor_second(routed.event.effective_ns);
    if (second <= released_through) {
      routed.event.late = true;
      ++counters.late;
      ++counters.events;
      correlator.process(std::move(routed));
      return;
    }
    ++counters.events;
    const std::optional<int64_t> observed = routed.event.observed_ns;
    waiting[second].push_back(std::move(routed));
    if (observed) advance(*observed);
  }

  void advance(int64_t now_ns) {
    if (now_ns <= watermark) return;
    watermark = now_ns;
    // Second s is released once the watermark passes s + 1 s + reorder.
    const int64_t last_second = floor_second(now_ns - settings.reorder_ns - kNanosPerSecond - 1);
    release_through(last_second);
    // A second the watermark passed is released even when it was empty: later records for it are late.
    released_through = std::max(released_through, last_second);
    correlator.advance_clock(last_second * kNanosPerSecond);
  }

  void finish() {
    end_source();
    for (auto& [second, batch] : waiting) release(batch);
    waiting.clear();
    correlator.finish();
  }
};

Engine::Engine(Settings settings, SpanSink& sink, YamlConverter* yaml)
    : impl_(std::make_unique<Impl>(std::move(settings), sink, yaml)) {}
Engine::~Engine() = default;

void Engine::begin_source(std::string_view name) {
  impl_->end_source();
  impl_->begin_source(name);
}
void Engine::push(std::string_view bytes) { impl_->push(bytes); }
void Engine::end_source() { impl_->end_source(); }
void Engine::pass_over(std::string_view) { ++impl_->counters.files_passed_over; }
void Engine::advance_watermark(int64_t now_ns) { impl_->advance(now_ns); }
void Engine::finish() { impl_->finish(); }
const Counters& Engine::counters() const { return impl_->counters; }
const std::vector<Resource>& Engine::resources() const { return impl_->correlator.resources(); }

bool is_bundle_resource(std::string_view path) {
  const bool in_resources = path.starts_with("cluster-resources/") || path.find("/cluster-resources/") != std::string_view::npos;
  return in_resources && path.ends_with(".json");
}

}  // namespace kspan
