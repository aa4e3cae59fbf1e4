#include "kspan/engine.hpp"

#include "correlator.hpp"
#include "event_router.hpp"
#include "owner_graph.hpp"
#include "reorder_buffer.hpp"
#include "source_reader.hpp"

namespace kspan {

// Bytes -> records (SourceReader) -> events routed among the objects (OwnerGraph) ->
// ordering (ReorderBuffer) -> parents and spans (Correlator) -> the sink.
struct Engine::Impl : DecodedSink {
  Settings settings;
  Counters counters;
  OwnerGraph graph;
  Correlator correlator;
  ReorderBuffer reorder;
  SourceReader reader;

  Impl(Settings s, SpanSink& sink, YamlConverter* yaml)
      : settings(std::move(s)),
        graph(settings, counters),
        correlator(settings, graph, counters, sink),
        reorder(settings, graph, correlator, counters),
        reader(counters, yaml, settings.reorder_ns, *this) {}

  void on_object(ObjectObservation&& object) override {
    ++counters.objects;
    correlator.forget_expired_objects();  // live: expired objects make room first
    const ObjId id = graph.observe(std::move(object));
    if (id == kNoObject) return;  // past max_objects: counted
    // Live, an object first seen after an event that needed it lets that event resolve.
    if (settings.live) correlator.object_arrived(id);
  }

  void on_event(Event&& event) override {
    if (!reorder.is_new_live_occurrence(event)) return;
    if (event.skewed) ++counters.skewed;
    graph.set_event_time(event.effective_ns);  // live expiry: the names it gives are this recent
    reorder.add(route_event(std::move(event), graph));
  }

  void finish() {
    reader.end();
    reorder.release_all();
    correlator.finish();
  }
};

Engine::Engine(Settings settings, SpanSink& sink, YamlConverter* yaml)
    : impl_(std::make_unique<Impl>(std::move(settings), sink, yaml)) {}
Engine::~Engine() = default;

void Engine::begin_source(std::string_view name) {
  impl_->reader.end();
  impl_->reader.begin(name);
}
void Engine::push(std::string_view bytes) { impl_->reader.push(bytes); }
void Engine::end_source() { impl_->reader.end(); }
void Engine::pass_over(std::string_view) { ++impl_->counters.files_passed_over; }
void Engine::advance_watermark(int64_t now_ns) { impl_->reorder.advance_watermark(now_ns); }
void Engine::finish() { impl_->finish(); }
const Counters& Engine::counters() const { return impl_->counters; }
const std::vector<Resource>& Engine::resources() const { return impl_->correlator.resources(); }

bool is_bundle_resource(std::string_view path) {
  const bool in_resources =
      path.starts_with("cluster-resources/") || path.find("/cluster-resources/") != std::string_view::npos;
  return in_resources && path.ends_with(".json");
}

}  // namespace kspan
