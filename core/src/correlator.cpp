#include "correlator.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <unordered_set>

#include "kspan/ids.hpp"
#include "object_identity.hpp"
#include "whole_seconds.hpp"

namespace kspan {

// Owner lists are held by reference while the rules run: the graph does not change while an
// event is decided, and a node's list stays where it is until the graph changes.

namespace {
// The weakest link used on the way (None: no owner link was used).
Evidence weakest(Evidence a, Evidence b) {
  if (a == Evidence::None) return b;
  if (b == Evidence::None) return a;
  return std::min(a, b);
}

// A span id as a map key: its 8 bytes.
uint64_t id_key(const SpanId& id) {
  uint64_t key;
  std::memcpy(&key, id.data(), sizeof key);
  return key;
}

void add_text(std::vector<Attribute>& out, std::string_view key, std::string_view value) {
  if (!value.empty()) out.push_back({key, std::string(value)});
}
}  // namespace

Correlator::Correlator(const Settings& settings, OwnerGraph& graph, Counters& counters, SpanSink& sink)
    : settings_(settings),
      graph_(graph),
      counters_(counters),
      sink_(sink),
      recent_(settings.expire_after_ns),
      spans_(settings.window_ns, [this](SpanRecord& record) { on_final(record); }) {
  schedule_next_forget();
}

// A root's span is whole in its record but for the head; an event's is composed from its
// source into buffers reused for each.
void Correlator::on_final(SpanRecord& record) {
  SpanView span;
  if (record.root) {
    static_cast<SpanHead&>(*record.root) = record.head;
    span = view_of(*record.root, outgoing_.attributes);
  } else {
    span = record.source.compose(record.head, outgoing_);
  }
  const int64_t shift = record.own_ns - record.head.start_ns;
  if (shift > 0) {
    shifted_attributes_.assign(span.attributes.begin(), span.attributes.end());
    shifted_attributes_.push_back(
        {"kspan.start_shift_ms", AttributeValueView(std::in_place_type<int64_t>, shift / 1'000'000)});
    span.attributes = shifted_attributes_;
  }
  ++counters_.spans;
  if (!span.has_parent) ++counters_.traces;
  sink_.on_span_view(span, resources_[span.resource_index]);
}

// ---- the clock ---------------------------------------------------------------------------

void Correlator::advance_clock(int64_t time_ns) {
  for (;;) {
    const int64_t next = pending_.next_expiry();
    if (next >= time_ns) break;
    clock_ = std::max(clock_, next);
    spans_.advance(clock_);
    resolve_expired(next);
  }
  clock_ = std::max(clock_, time_ns);
  spans_.advance(clock_);
  recheck_pending();
}

void Correlator::finish() {
  advance_clock(INT64_MAX);
  spans_.finish();
  counters_.pending = pending_.size();
  counters_.objects_held = graph_.size();
}

// Memory follows the live state: spans that are final and that nothing can return any more
// are freed, with the recent entries that expired.
void Correlator::collect_garbage() {
  if (spans_.held() < next_collection_) return;
  std::vector<bool> kept(spans_.slots(), false);
  recent_.purge(clock_, &kept);
  for (auto it = roots_by_span_id_.begin(); it != roots_by_span_id_.end();) {
    // A root no recent entry names cannot be returned again (spec 3: usable only while recent).
    if (!kept[it->second] && spans_.at(it->second).final) {
      it = roots_by_span_id_.erase(it);
    } else {
      kept[it->second] = true;
      ++it;
    }
  }
  spans_.release_unreferenced(kept);
  next_collection_ = std::max<size_t>(kMinCollection, 2 * spans_.held());
}

// ---- live expiry of the owner graph (spec 8) --------------------------------------------

// Objects touched in the second before the clock's, or later, stay: every event still to be
// processed (waiting in the reorder buffer, or later in the batch being released) lies there.
int64_t Correlator::forget_horizon() const {
  if (clock_ == INT64_MIN) return INT64_MIN;
  const int64_t second = floor_second(clock_) - 1;
  if (second < INT64_MIN / kNanosPerSecond + 1) return INT64_MIN;
  const int64_t start = second * kNanosPerSecond;
  const int64_t expire = std::max<int64_t>(0, settings_.expire_after_ns);
  return start < INT64_MIN + expire ? INT64_MIN : start - expire;
}

void Correlator::forget_expired_objects(const RoutedEvent* in_hand) {
  if (!settings_.live || graph_.size() < next_forget_) return;
  std::vector<ObjId> in_use;
  if (in_hand != nullptr) in_use = {in_hand->involved, in_hand->object, in_hand->actor, in_hand->related};
  recent_.purge(clock_);
  recent_.objects_in_use(in_use);
  pending_.objects_in_use(in_use);
  spans_.objects_in_use(in_use);
  const std::vector<ObjId> forgotten = graph_.forget(in_use, forget_horizon());
  spans_.forget_objects(forgotten);
  counters_.objects_forgotten += forgotten.size();
  counters_.objects_held = graph_.size();
  schedule_next_forget();
}

// Amortised: the next sweep once the graph has doubled, or reached max_objects, so that live
// mode forgets before it refuses an object; never before it grew by a quarter.
void Correlator::schedule_next_forget() {
  const size_t held = graph_.size();
  const size_t limit = settings_.max_objects;
  size_t next = std::max(std::min(kMinForget, limit), 2 * held);
  if (held < limit && next > limit) next = limit;
  next_forget_ = std::max(next, held + held / 4 + 1);
}

void Correlator::process(const RoutedEvent& e) {
  forget_expired_objects(&e);
  collect_garbage();
  advance_clock(e.event.effective_ns);
  if (auto decision = decide(e)) {
    emit(e, *decision);
    emit_resolvable_pending();
  } else {
    const int64_t expiry =
        (floor_second(e.event.effective_ns) + 1) * kNanosPerSecond + settings_.window_ns;
    const std::vector<ObjId>& watched = watched_by(e);
    pending_.add(e, expiry, watched);
    while (pending_.size() > settings_.max_pending_events) resolve_oldest_over_limit();
  }
  counters_.pending = pending_.size();
}

// The pending-events limit: the event that would expire first is resolved now, as at its
// expiry moment (walking up to a root), and counted.
void Correlator::resolve_oldest_over_limit() {
  const RoutedEvent* e = pending_.take_oldest();
  counters_.limit("pending-limit", e->event.where,
                  "event " + e->event.uid + " resolved before its window ended: " +
                      std::to_string(settings_.max_pending_events) + " events pending");
  const auto decision = walk_up(*e);
  emit(*e, *decision);
  emit_resolvable_pending();
}

void Correlator::resolve_expired(int64_t moment) {
  while (const RoutedEvent* e = pending_.take_expiring(moment)) {
    const auto decision = walk_up(*e);
    emit(*e, *decision);
    emit_resolvable_pending();
  }
}

// Whenever a span is emitted, the first pending event that now has a parent is emitted, and
// so on until none has.
void Correlator::emit_resolvable_pending() {
  while (auto order = pending_.next_to_check()) {
    if (auto decision = decide(pending_.at(*order))) emit(pending_.take(*order), *decision);
  }
}

void Correlator::object_arrived(ObjId object) {
  pending_.changed(object);
  recheck_due_ = true;
  emit_resolvable_pending();
}

// Owners found through name patterns can change for events that do not watch the new
// object, so every pending event is checked again, throttled to once per second.
void Correlator::recheck_pending() {
  if (!recheck_due_) return;
  // The clock never moves back, so the unsigned difference is exact even from INT64_MIN.
  if (last_recheck_ && static_cast<uint64_t>(clock_) - static_cast<uint64_t>(*last_recheck_) < kNanosPerSecond) return;
  recheck_due_ = false;
  last_recheck_ = clock_;
  pending_.all_changed();
  emit_resolvable_pending();
}

// The objects under which a span would give this event a parent (rules 1 to 8).
const std::vector<ObjId>& Correlator::watched_by(const RoutedEvent& e) {
  std::vector<ObjId>& watched = watched_;
  watched.assign(1, e.object);
  for (const auto& link : graph_.owners(e.object)) watched.push_back(link.id);
  if (e.actor != kNoObject) {
    watched.push_back(e.actor);
    for (const auto& link : graph_.owners(e.actor)) watched.push_back(link.id);
  }
  return watched;
}

// ---- the parent rules ----------------------------------------------------------------------

SpanIdx Correlator::sibling_parent(const RecentEntry& entry) const {
  return entry.is_root ? entry.span : entry.parent;
}

std::optional<Correlator::Decision> Correlator::decide(const RoutedEvent& e) {
  if (auto decision = actor_rule(e)) return decision;
  if (e.actor != kNoObject) {
    if (RecentEntry* entry = recent_.action(e.actor, e.object, clock_))
      return Decision{sibling_parent(*entry), "same-action", weakest(Evidence::Message, entry->evidence)};
  }
  if (e.event.top_level) return Decision{kNoSpan, "top-level-annotation", Evidence::None};
  if (auto decision = object_rules(e.object, e.event, Evidence::None)) return decision;
  if (e.actor != kNoObject) return object_rules(e.actor, e.event, Evidence::Message);
  return std::nullopt;
}

// Rule 1: the newest action on the actor, or its usable root.
std::optional<Correlator::Decision> Correlator::actor_rule(const RoutedEvent& e) {
  if (e.actor == kNoObject) return std::nullopt;
  std::optional<Decision> best;
  auto consider = [&](SpanIdx candidate, Evidence evidence) {
    if (candidate == kNoSpan) return;
    if (best) {
      const SpanRecord& a = spans_.at(candidate);
      const SpanRecord& b = spans_.at(best->parent);
      if (std::tie(a.own_ns, a.seq) <= std::tie(b.own_ns, b.seq)) return;
    }
    best = Decision{candidate, "actor", weakest(evidence, Evidence::Message)};
  };
  const std::vector<OwnerLink>& owners = graph_.owners(e.actor);
  for (const auto& link : owners)
    if (RecentEntry* entry = recent_.action(link.id, e.actor, clock_)) consider(entry->span, link.evidence);
  consider(usable_root(e.actor, e.event), Evidence::None);
  return best;
}

// Rules 4 to 7 for one object.
std::optional<Correlator::Decision> Correlator::object_rules(ObjId object, const Event& event, Evidence via) {
  const std::vector<OwnerLink>& owners = graph_.owners(object);
  for (const auto& link : owners)
    if (RecentEntry* entry = recent_.action(link.id, object, clock_))
      return Decision{entry->span, "owner-action", weakest(via, link.evidence)};
  if (!owners.empty()) {
    if (RecentEntry* entry = recent_.object(object, clock_))
      return Decision{sibling_parent(*entry), "sibling", weakest(via, entry->evidence)};
  }
  for (const auto& link : owners) {
    SpanIdx parent = kNoSpan;
    if (graph_.owners(link.id).empty()) {
      parent = usable_root(link.id, event);
    } else if (RecentEntry* entry = recent_.object(link.id, clock_)) {
      parent = entry->span;
    }
    if (parent != kNoSpan) return Decision{parent, "owner", weakest(via, link.evidence)};
  }
  if (owners.empty()) {
    const SpanIdx root = usable_root(object, event);
    if (root != kNoSpan) return Decision{root, "self", via};
  }
  return std::nullopt;
}

// At the expiry moment: each owner, recursively, with rules 4 to 7; at the top, a new root.
// Depth-first without recursion: an owner chain can be as long as the input.
std::optional<Correlator::Decision> Correlator::walk_up(const RoutedEvent& e) {
  std::unordered_set<ObjId>& visited = walk_visited_;
  // clear() costs the bucket count: after one walk over a huge owner list, start afresh.
  if (visited.bucket_count() > 4096) visited = {};
  visited.clear();
  visited.insert(e.object);
  ObjId top = kNoObject, last = e.object;
  Evidence top_evidence = Evidence::None;
  std::vector<WalkFrame>& stack = walk_stack_;
  stack.assign(1, WalkFrame{e.object, Evidence::None, 0});
  while (!stack.empty()) {
    WalkFrame& frame = stack.back();
    const std::vector<OwnerLink>& owners = graph_.owners(frame.object);
    if (frame.next_owner == 0 && owners.empty() && top == kNoObject) {
      top = frame.object;
      top_evidence = frame.via;
    }
    while (frame.next_owner < owners.size() && visited.count(owners[frame.next_owner].id) != 0) ++frame.next_owner;
    if (frame.next_owner == owners.size()) {
      stack.pop_back();
      continue;
    }
    const OwnerLink link = owners[frame.next_owner++];
    visited.insert(link.id);
    last = link.id;
    const Evidence along = weakest(frame.via, link.evidence);
    if (auto decision = object_rules(link.id, e.event, along)) return decision;
    if (stack.size() >= graph_.max_owner_depth()) {  // the owner-depth limit: the object reached is the top
      count_walk_cut(e, link.id);
      if (top == kNoObject) top = link.id, top_evidence = along;
      break;
    }
    stack.push_back({link.id, along, 0});
  }
  if (top == kNoObject) top = last;  // an owner cycle: cut at the first repeat
  return Decision{synthesise_root(top, e.event), "synthesised-root", top_evidence};
}

void Correlator::count_walk_cut(const RoutedEvent& e, ObjId reached) {
  const ObjectNode& node = graph_.node(reached);
  counters_.limit("owner-depth-limit", e.event.where,
                  "event " + e.event.uid + ": walked up " + std::to_string(graph_.max_owner_depth()) +
                      " owners, root on " + node.kind + " " + node.name);
}

// ---- roots -------------------------------------------------------------------------------

const SpecChange* Correlator::newest_spec_change(ObjId object, int64_t at_ns) const {
  const ObjectNode& node = graph_.node(object);
  if (!node.observed) return nullptr;
  const SpecChange* newest = nullptr;
  for (const auto& change : node.spec_changes)
    if (floor_second(change.time_ns) <= floor_second(at_ns)) newest = &change;
  return newest;
}

SpanIdx Correlator::usable_root(ObjId object, const Event& event) {
  const RecentEntry* entry = recent_.peek_object(object, clock_);
  if (entry == nullptr || !entry->is_root) return kNoSpan;
  const SpanRecord& root = spans_.at(entry->span);
  if (event.effective_ns - root.own_ns > settings_.max_trace_ns) return kNoSpan;
  const SpecChange* change = newest_spec_change(object, event.effective_ns);
  if (change != nullptr && change->time_ns > root.own_ns) return spec_change_root(object, *change);
  return recent_.object(object, clock_)->span;
}

SpanIdx Correlator::synthesise_root(ObjId top, const Event& event) {
  const SpecChange* change = newest_spec_change(top, event.effective_ns);
  if (change != nullptr && event.effective_ns - change->time_ns <= settings_.expire_after_ns)
    return spec_change_root(top, *change);
  const std::string key = graph_.key_bytes(top);
  SpanHead head;
  head.trace_id = Fnv128().add(key).add(event.uid).digest();
  head.span_id = Fnv64().add(key).add(event.uid).digest();
  make_root_id_unique(head, top, event);
  head.start_ns = head.end_ns = event.effective_ns;
  return add_root(top, head, graph_.node(top).kind + ".Activity", event.effective_ns, "kspan");
}

// Span ids must be unique, yet two Activity roots can get the same ids from the spec's
// definition: two objects that claim one uid (hostile input), or two occurrences of one event
// (a repeated event's records share their uid) that each start a root on the same object.
// The later root then takes ids salted with its object's identity and the occurrence's
// count, which stay pure functions of the input; counted, with where.
void Correlator::make_root_id_unique(SpanHead& span, ObjId top, const Event& event) {
  if (roots_by_span_id_.count(id_key(span.span_id)) == 0) return;
  const ObjectNode& node = graph_.node(top);
  const std::string salt = node.kind + "/" + node.ns + "/" + node.name + "#" + std::to_string(count_or_zero(event));
  for (int attempt = 0; roots_by_span_id_.count(id_key(span.span_id)) != 0 && attempt < 8; ++attempt) {
    const auto bytes = [](const auto& id) { return std::string_view(reinterpret_cast<const char*>(id.data()), id.size()); };
    span.trace_id = Fnv128().add(bytes(span.trace_id)).add(salt).digest();
    span.span_id = Fnv64().add(bytes(span.span_id)).add(salt).digest();
  }
  counters_.repair("root-id-taken", event.where,
                   "the Activity root of " + salt + " got ids another root holds; salted with its object");
}

SpanIdx Correlator::spec_change_root(ObjId top, const SpecChange& change) {
  const std::string key = graph_.key_bytes(top);
  const auto seconds = static_cast<uint64_t>(floor_second(change.time_ns));
  SpanHead head;
  head.trace_id = Fnv128().add(key).add_le64(seconds).digest();
  head.span_id = Fnv64().add(key).add_le64(seconds).digest();
  auto existing = roots_by_span_id_.find(id_key(head.span_id));
  if (existing != roots_by_span_id_.end()) {
    // The same change seen again: the same root, stored under the object once more.
    store_object(top, RecentEntry{existing->second, kNoSpan, true, clock_});
    return existing->second;
  }
  head.start_ns = head.end_ns = change.time_ns;
  return add_root(top, head, graph_.node(top).kind + "." + change.operation, change.time_ns,
                  change.manager.empty() ? "kspan" : change.manager);
}

SpanIdx Correlator::add_root(ObjId top, const SpanHead& head, std::string name, int64_t own_ns,
                             const std::string& service) {
  SpanRecord record;
  record.head = head;
  record.head.resource_index = resource_index(service, "", "");
  record.root = std::make_unique<Span>();
  record.root->name = std::move(name);
  add_object_attributes(record.root->attributes, top);
  const ObjectNode& node = graph_.node(top);
  if (node.observed && node.has_generation)
    record.root->attributes.push_back({"k8s.object.generation", node.generation});
  record.own_ns = own_ns;
  record.seq = next_seq_++;
  record.is_root = true;
  const SpanIdx idx = spans_.add(std::move(record));
  roots_by_span_id_.emplace(id_key(head.span_id), idx);
  store_object(top, RecentEntry{idx, kNoSpan, true, clock_});
  ++counters_.roots_synthesised;
  return idx;
}

// ---- spans ---------------------------------------------------------------------------------

// Span ids (spec 5): the event's uid, and its count when it has one.
SpanId Correlator::event_span_id(const Event& event) {
  Fnv64 hash;
  hash.add(event.uid);
  if (count_or_zero(event) > 0) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, *event.count).ptr;
    hash.add(std::string_view(digits, static_cast<size_t>(end - digits)));
  }
  return hash.digest();
}

void Correlator::emit(const RoutedEvent& e, const Decision& decision) {
  const Event& event = e.event;
  SpanRecord record;
  SpanHead& head = record.head;
  head.span_id = event_span_id(event);
  if (decision.parent != kNoSpan) {
    const SpanRecord& parent = spans_.at(decision.parent);
    head.trace_id = parent.head.trace_id;
    head.parent_span_id = parent.head.span_id;
    head.has_parent = true;
  } else {
    head.trace_id = Fnv128().add(graph_.key_bytes(e.object)).digest();
  }
  head.start_ns = head.end_ns = event.effective_ns;
  const std::string_view service = event.component.empty() ? std::string_view("unknown_service") : event.component;
  head.resource_index =
      resource_index(service, event.instance, service == "kubelet" ? std::string_view(event.instance) : std::string_view());
  const Link* related = e.related != kNoObject ? spans_.latest_on(e.related) : nullptr;
  const ObjectNode* subject = e.actor != kNoObject ? &graph_.node(e.object) : nullptr;
  record.source = EventSpanSource(span_texts_, event, subject ? &subject->kind : nullptr, subject ? &subject->name : nullptr,
                                  decision.rule, decision.evidence, related);
  record.parent = decision.parent;
  record.object = e.object;
  record.own_ns = event.effective_ns;
  record.seq = next_seq_++;
  record.is_root = event.top_level;
  const SpanIdx idx = spans_.add(std::move(record));
  remember(e, idx, decision);
  count_rule(decision.rule);
}

// Rules are a handful of static texts: their counters are found by pointer after the first
// time (a std::map's values stay where they are).
void Correlator::count_rule(const char* rule) {
  for (auto& [known, count] : rule_counts_) {
    if (known == rule) {
      ++*count;
      return;
    }
  }
  auto it = counters_.parent_rules.find(std::string_view(rule));
  if (it == counters_.parent_rules.end()) it = counters_.parent_rules.emplace(rule, 0).first;
  rule_counts_.emplace_back(rule, &it->second);
  ++it->second;
}

void Correlator::remember(const RoutedEvent& e, SpanIdx span, const Decision& decision) {
  const RecentEntry entry{span, decision.parent, false, clock_, decision.evidence};
  if (e.actor != kNoObject) {
    recent_.set_action(e.actor, e.object, entry);
    pending_.changed(e.object);
  } else if (!graph_.owners(e.object).empty()) {
    store_object(e.object, entry);
  }
  if (e.event.top_level) store_object(e.object, RecentEntry{span, kNoSpan, true, clock_});
}

void Correlator::store_object(ObjId object, const RecentEntry& entry) {
  recent_.set_object(object, entry);
  pending_.changed(object);
}

void Correlator::add_object_attributes(std::vector<Attribute>& out, ObjId id) const {
  const ObjectNode& node = graph_.node(id);
  add_text(out, "k8s.namespace.name", node.ns);
  out.push_back({"k8s.object.kind", node.kind});
  out.push_back({"k8s.object.name", node.name});
  add_text(out, "k8s.object.uid", node.uid);
  if (node.observed) add_text(out, "k8s.object.api_version", node.api_version);
  const std::string_view name_key = kind_attributes(node.kind).name;
  if (!name_key.empty()) out.push_back({name_key, node.name});
}

uint32_t Correlator::resource_index(std::string_view service, std::string_view instance, std::string_view node) {
  if (const uint32_t found = resource_keys_.find(service, instance); found != ResourceKeys<>::kNone) return found;
  if (resource_keys_.size() >= settings_.max_resources) return overflow_resource(service, instance);
  const auto index = static_cast<uint32_t>(resources_.size());
  resource_keys_.add(service, instance, index);
  resources_.push_back(make_resource(service, instance, node));
  return index;
}

Resource Correlator::make_resource(std::string_view service, std::string_view instance, std::string_view node) const {
  Resource resource;
  resource.attributes.push_back({"service.name", std::string(service)});
  add_text(resource.attributes, "service.instance.id", instance);
  add_text(resource.attributes, "k8s.node.name", node);
  add_text(resource.attributes, "k8s.cluster.name", settings_.cluster_name);
  for (const auto& [key, value] : settings_.resource_attributes) {
    if (key == "service.name" || key == "service.instance.id") continue;
    if (find_attribute(resource.attributes, key) != nullptr) continue;
    resource.attributes.push_back({key, value});
  }
  return resource;
}

// The resource limit: one resource more, `kspan-resource-limit`, holds every span whose
// resource would have been new.
uint32_t Correlator::overflow_resource(std::string_view service, std::string_view instance) {
  counters_.limit("resource-limit", Location{},
                  "service " + std::string(service) + (instance.empty() ? "" : ", instance " + std::string(instance)) + ": " +
                      std::to_string(settings_.max_resources) + " resources held");
  if (!overflow_resource_) {
    overflow_resource_ = static_cast<uint32_t>(resources_.size());
    resources_.push_back(make_resource(kOverflowService, "", ""));
  }
  return *overflow_resource_;
}

}  // namespace kspan
