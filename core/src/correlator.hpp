// Chooses each event's parent (spec section 3), synthesises roots (section 5) and turns
// events into spans, in processing order, on a clock that only moves forward.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kspan/counters.hpp"
#include "kspan/settings.hpp"
#include "kspan/span.hpp"
#include "correlator_types.hpp"
#include "owner_graph.hpp"
#include "pending_events.hpp"
#include "recent_store.hpp"
#include "resource_keys.hpp"
#include "span_store.hpp"

namespace kspan {

class Correlator {
 public:
  Correlator(const Settings& settings, OwnerGraph& graph, Counters& counters, SpanSink& sink);

  // Processes one event; the caller hands them over in the order key. The event is read, not
  // kept (a pending one is copied), so the caller's buffers serve its next event.
  void process(const RoutedEvent& event);
  // Moves the clock forward, resolving pending events whose expiry moment passed.
  void advance_clock(int64_t time_ns);
  // End of input: the clock goes to +infinity; everything is resolved and final.
  void finish();
  int64_t clock() const { return clock_; }
  // Live mode: an object arrived; pending events may find their parents now. Events that
  // wait on it are checked at once, all others at most once per second of the clock.
  void object_arrived(ObjId object);
  const std::vector<Resource>& resources() const { return resources_; }
  // Live mode (spec 8): forgets the objects whose names and evidence expired and that nothing
  // held names, once the graph has grown enough since the last time (amortised). `in_hand`
  // is an event being processed, whose objects stay.
  void forget_expired_objects(const RoutedEvent* in_hand = nullptr);

 private:
  struct Decision {
    SpanIdx parent = kNoSpan;
    const char* rule = nullptr;
    Evidence evidence = Evidence::None;
  };

  std::optional<Decision> decide(const RoutedEvent& e);
  std::optional<Decision> actor_rule(const RoutedEvent& e);
  std::optional<Decision> object_rules(ObjId object, const Event& event, Evidence via);
  std::optional<Decision> walk_up(const RoutedEvent& e);
  struct WalkFrame {
    ObjId object;
    Evidence via;
    size_t next_owner;
  };
  std::vector<WalkFrame> walk_stack_;          // walk_up's, reused
  std::unordered_set<ObjId> walk_visited_;     // walk_up's, reused
  void count_walk_cut(const RoutedEvent& e, ObjId reached);
  SpanIdx usable_root(ObjId object, const Event& event);
  SpanIdx synthesise_root(ObjId top, const Event& event);
  void make_root_id_unique(SpanHead& span, ObjId top, const Event& event);
  SpanIdx spec_change_root(ObjId top, const SpecChange& change);
  SpanIdx sibling_parent(const RecentEntry& entry) const;
  const SpecChange* newest_spec_change(ObjId object, int64_t at_ns) const;

  void emit(const RoutedEvent& e, const Decision& decision);
  static SpanId event_span_id(const Event& event);
  void count_rule(const char* rule);
  std::vector<std::pair<const char*, uint64_t*>> rule_counts_;
  void emit_resolvable_pending();
  void recheck_pending();
  void resolve_expired(int64_t moment);
  void resolve_oldest_over_limit();
  int64_t forget_horizon() const;
  void schedule_next_forget();
  void remember(const RoutedEvent& e, SpanIdx span, const Decision& decision);
  void store_object(ObjId object, const RecentEntry& entry);
  const std::vector<ObjId>& watched_by(const RoutedEvent& e);  // in watched_, reused
  std::vector<ObjId> watched_;
  SpanIdx add_root(ObjId top, const SpanHead& head, std::string name, int64_t own_ns, const std::string& service);
  void add_object_attributes(std::vector<Attribute>& out, ObjId id) const;
  uint32_t resource_index(std::string_view service, std::string_view instance, std::string_view node);
  uint32_t overflow_resource(std::string_view service, std::string_view instance);
  Resource make_resource(std::string_view service, std::string_view instance, std::string_view node) const;
  static constexpr const char* kOverflowService = "kspan-resource-limit";
  void on_final(SpanRecord& record);
  void collect_garbage();
  static constexpr size_t kMinCollection = 4096;
  static constexpr size_t kMinForget = 4096;

  Settings settings_;
  OwnerGraph& graph_;
  Counters& counters_;
  SpanSink& sink_;
  RecentStore recent_;
  BlockPool span_texts_;  // before spans_: their blocks go back to it
  SpanStore spans_;
  SpanViewBuffers outgoing_;  // what the final span handed to the sink points into, reused
  std::vector<AttributeView> shifted_attributes_;  // a span's with kspan.start_shift_ms, reused
  std::vector<Resource> resources_;
  ResourceKeys<> resource_keys_;  // (service, instance) -> index in resources_
  std::unordered_map<uint64_t, SpanIdx> roots_by_span_id_;  // by span id
  PendingEvents pending_;
  int64_t clock_ = INT64_MIN;
  size_t next_collection_ = kMinCollection;
  size_t next_forget_ = kMinForget;
  std::optional<uint32_t> overflow_resource_;
  bool recheck_due_ = false;
  std::optional<int64_t> last_recheck_;
  uint64_t next_seq_ = 0;
};

}  // namespace kspan
