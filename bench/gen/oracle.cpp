#include "oracle.hpp"

#include "render.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace kspan::gen {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::min() / 4;
constexpr int64_t kInfinity = std::numeric_limits<int64_t>::max() / 4;

int64_t floor_second(int64_t ns) { return ns >= 0 ? ns / kSecond : -((-ns + kSecond - 1) / kSecond); }

// One event record, normalised as section 1.1 says.
struct Rec {
  std::string uid;
  int count = 0;  // 0: the record has no count
  std::string involved, object, actor;  // identities; actor empty when not re-targeted
  int64_t eff = 0;
  uint64_t rv = 0;
  int depth = 0;
  uint64_t order = 0;  // position in processing order
  const Event* event = nullptr;
  std::string key() const { return "e:" + uid + "#" + std::to_string(count); }
  int64_t expiry(int64_t window) const { return (floor_second(eff) + 1) * kSecond + window; }
};

struct Entry {
  std::string span, parent;
  int64_t last_use = kNever;
  int64_t time = 0;       // the span's event time (a root: its start)
  uint64_t order = 0;     // emission order
  bool root = false;
};

struct Found {
  std::string parent;
  const char* rule;
};

struct Knowledge {
  std::map<std::string, std::vector<std::string>> owner_refs;  // observed objects
  // Observed objects: for each version (observed at), the times (s) of its entries touching f:spec.
  // Replay knows only the final version; --stream the version it had read when the event was released.
  std::map<std::string, std::vector<std::pair<int64_t, std::vector<int64_t>>>> spec_changes;
  bool live = false;
  // Live: every event record's observedAt in the stream (all scenarios), to tell when a second
  // is released: when the first event observed at or after its end + reorder is read (objects
  // do not move the watermark), everything read up to that record is known.
  const std::multiset<int64_t>* event_observed = nullptr;
  int64_t reorder_ns = 2 * kSecond;
  int64_t released_at(int64_t second) const {
    if (!live || event_observed == nullptr) return std::numeric_limits<int64_t>::max();
    auto it = event_observed->lower_bound((second + 1) * kSecond + reorder_ns + 1);
    return it == event_observed->end() ? std::numeric_limits<int64_t>::max() : *it;
  }
  struct Claim {
    std::string actor;
    int64_t eff;
    uint64_t rv;
    std::string uid;
  };
  std::map<std::string, Claim> evidence;  // earliest claim

  std::vector<std::string> owners(const std::string& id) const {
    auto it = owner_refs.find(id);
    if (it != owner_refs.end() && !it->second.empty()) return it->second;
    auto ev = evidence.find(id);
    if (ev != evidence.end()) return {ev->second.actor};
    return {};
  }
  int depth(const std::string& id, std::set<std::string>& seen) const {
    if (!seen.insert(id).second) return 0;  // a cycle is cut at the first repeat
    int d = 0;
    for (const auto& w : owners(id)) d = std::max(d, 1 + depth(w, seen));
    seen.erase(id);
    return d;
  }
};

class Run {
 public:
  Run(const OracleSettings& s, const Knowledge& k, std::map<std::string, int>& epochs)
      : s_(s), k_(k), epochs_(epochs) {}

  std::map<std::string, std::pair<std::string, const char*>> results;  // key -> (parent, rule)

  // clock_at: where the shared clock stands when e is processed. Events of other scenarios in
  // the same second with a smaller owner depth come first in the order key and may have moved it
  // past e's own time; that changes which entries are still recent and which expiry moments
  // come before e.
  void process(const Rec& e, int64_t clock_at) {
    advance_to(std::max(e.eff, clock_at));
    known_at_ = k_.released_at(floor_second(e.eff));
    if (auto f = find_parent(e)) {
      emit(e, f->parent, f->rule);
      drain();
    } else {
      pending_.push_back(&e);
    }
  }
  void finish() {
    advance_to(kInfinity);
  }

 private:
  bool recent(const Entry& e) const { return clock_ - e.last_use <= s_.expire_after_ns; }

  // The newest managedFields entry touching f:spec at or before t (whole seconds), in ns.
  std::optional<int64_t> newest_spec_change(const std::string& id, int64_t t) const {
    auto it = k_.spec_changes.find(id);
    if (it == k_.spec_changes.end() || it->second.empty()) return std::nullopt;
    const std::vector<int64_t>* entries = &it->second.back().second;
    if (k_.live) {
      // The version last read when this was decided.
      entries = nullptr;
      for (const auto& [at, times] : it->second)
        if (at <= known_at_) entries = &times;
      if (entries == nullptr) return std::nullopt;
    }
    std::optional<int64_t> best;
    for (int64_t s : *entries)
      if (s <= floor_second(t) && (!best || s * kSecond > *best)) best = s * kSecond;
    return best;
  }

  Entry& synthesise_root(const std::string& top, const Rec& e) {
    int64_t start = e.eff;
    if (auto change = newest_spec_change(top, e.eff); change && floor_second(e.eff) * kSecond - *change <= s_.expire_after_ns)
      start = *change;
    const int epoch = epochs_[top]++;
    Entry r;
    r.span = "r:" + top + "#" + std::to_string(epoch);
    r.last_use = clock_;
    r.time = start;
    r.order = ++emitted_;
    r.root = true;
    root_start_[r.span] = start;
    return singles_[top] = r;
  }

  // The root stored under top, if it may take e (section 3), replaced when the spec changed since.
  Entry* usable_root(const std::string& top, const Rec& e) {
    auto it = singles_.find(top);
    if (it == singles_.end() || !it->second.root || !recent(it->second)) return nullptr;
    const int64_t start = root_start_[it->second.span];
    if (e.eff - start > s_.max_trace_ns) return nullptr;
    if (auto change = newest_spec_change(top, e.eff); change && *change > start) return &synthesise_root(top, e);
    return &it->second;
  }

  Entry* recent_single(const std::string& id) {
    auto it = singles_.find(id);
    return it != singles_.end() && recent(it->second) ? &it->second : nullptr;
  }
  Entry* recent_action(const std::string& w, const std::string& o) {
    auto it = actions_.find({w, o});
    return it != actions_.end() && recent(it->second) ? &it->second : nullptr;
  }
  Found use(Entry& entry, bool as_sibling, const char* rule) {
    entry.last_use = clock_;
    if (as_sibling && !entry.root && !entry.parent.empty()) return {entry.parent, rule};
    return {entry.span, rule};  // the sibling of a root hangs under the root
  }

  std::optional<Found> rules_4_to_7(const std::string& x, const Rec& e) {
    const auto owners = k_.owners(x);
    for (const auto& w : owners)
      if (Entry* a = recent_action(w, x)) return use(*a, false, "owner-action");
    if (!owners.empty())
      if (Entry* s = recent_single(x)) return use(*s, true, "sibling");
    for (const auto& w : owners) {
      if (k_.owners(w).empty()) {
        if (Entry* r = usable_root(w, e)) return use(*r, false, "owner");
      } else if (Entry* s = recent_single(w)) {
        return use(*s, false, "owner");
      }
    }
    if (owners.empty())
      if (Entry* r = usable_root(x, e)) return use(*r, false, "self");
    return std::nullopt;
  }

  std::optional<Found> find_parent(const Rec& e) {
    if (!e.actor.empty()) {
      // 1. The latest action on the actor.
      Entry* best = nullptr;
      for (const auto& w : k_.owners(e.actor))
        if (Entry* a = recent_action(w, e.actor))
          if (!best || std::tie(a->time, a->order) > std::tie(best->time, best->order)) best = a;
      if (k_.owners(e.actor).empty())
        if (Entry* r = usable_root(e.actor, e))
          if (!best || std::tie(r->time, r->order) > std::tie(best->time, best->order)) best = r;
      if (best) return use(*best, false, "actor");
      // 2. The same action before.
      if (Entry* a = recent_action(e.actor, e.object)) return use(*a, true, "same-action");
    }
    if (auto f = rules_4_to_7(e.object, e)) return f;
    if (!e.actor.empty())
      if (auto f = rules_4_to_7(e.actor, e)) return f;
    return std::nullopt;
  }

  // At its expiry: walk up the owners; at the top, a root.
  Found resolve(const Rec& e) {
    std::string x = e.object;
    std::set<std::string> seen;
    while (seen.insert(x).second) {
      const auto owners = k_.owners(x);
      if (owners.empty()) break;
      for (const auto& w : owners)
        if (auto f = rules_4_to_7(w, e)) return *f;
      x = owners.front();
    }
    return {synthesise_root(x, e).span, "synthesised-root"};
  }

  void emit(const Rec& e, const std::string& parent, const char* rule) {
    results[e.key()] = {parent, rule};
    Entry entry{e.key(), parent, clock_, e.eff, ++emitted_, false};
    if (!e.actor.empty())
      actions_[{e.actor, e.object}] = entry;
    else if (!k_.owners(e.object).empty())
      singles_[e.object] = entry;
  }

  void drain() {
    bool again = true;
    while (again) {
      again = false;
      for (size_t i = 0; i < pending_.size(); ++i) {
        if (auto f = find_parent(*pending_[i])) {
          const Rec* e = pending_[i];
          pending_.erase(pending_.begin() + static_cast<long>(i));
          emit(*e, f->parent, f->rule);
          again = true;
          break;
        }
      }
    }
  }

  void advance_to(int64_t target) {
    while (!pending_.empty()) {
      int64_t m = kInfinity;
      for (const Rec* p : pending_) m = std::min(m, p->expiry(s_.window_ns));
      if (m >= target) break;
      clock_ = std::max(clock_, m);
      known_at_ = target == kInfinity ? std::numeric_limits<int64_t>::max() : k_.released_at(floor_second(m));
      std::vector<const Rec*> due;
      for (const Rec* p : pending_)
        if (p->expiry(s_.window_ns) == m) due.push_back(p);
      for (const Rec* p : due) {
        auto it = std::find(pending_.begin(), pending_.end(), p);
        if (it == pending_.end()) continue;  // emitted meanwhile
        pending_.erase(it);
        Found f = resolve(*p);
        emit(*p, f.parent, f.rule);
        drain();
      }
    }
    clock_ = std::max(clock_, target);
  }

  const OracleSettings& s_;
  const Knowledge& k_;
  std::map<std::string, int>& epochs_;
  int64_t clock_ = kNever;
  int64_t known_at_ = std::numeric_limits<int64_t>::max();  // live: records read up to this observedAt
  uint64_t emitted_ = 0;
  std::vector<const Rec*> pending_;  // in processing order
  std::map<std::pair<std::string, std::string>, Entry> actions_;
  std::map<std::string, Entry> singles_;
  std::map<std::string, int64_t> root_start_;
};

std::string tsv_safe(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

void write_truth_header(std::FILE* f) {
  std::fputs("# uid\tcount\texpected_parent\trule\tcause\tspan\tmessage\n", f);
}

struct Oracle::Prepared {
  std::shared_ptr<const Scenario> scenario;
  Knowledge knowledge;
  std::vector<Rec> recs;
  int64_t end_ns = 0;
};

Oracle::Oracle(bool dump, bool observed, bool live, OracleSettings settings)
    : dump_(dump), observed_(observed), live_(live), s_(settings) {}
Oracle::~Oracle() = default;

void Oracle::add(std::shared_ptr<const Scenario> scp) {
  auto p = std::make_unique<Prepared>();
  p->scenario = std::move(scp);
  const Scenario& sc = *p->scenario;
  Knowledge& k = p->knowledge;
  k.live = live_;
  k.event_observed = &event_observed_;
  for (const auto& o : sc.objects) {
    if (dump_ && o.deleted_ns) continue;  // a dump no longer holds it
    const std::string id = identity(o.ref);
    auto& refs = k.owner_refs[id];
    for (const auto& w : o.owners) refs.push_back(identity(w.kind, o.ref.ns, w.name));
    auto& versions = k.spec_changes[id];
    for (size_t v = live_ ? 0 : o.versions.size() - 1; v < o.versions.size(); ++v) {
      std::vector<int64_t> times;
      for (const auto& m : o.versions[v].managed)
        if (m.touches_spec()) times.push_back(m.time_s);
      // Observed as Output writes it: when written, or when the watch started (+1 us).
      versions.push_back({live_ ? std::max(o.versions[v].at_ns, sc.start_ns) + 1000 : 0, std::move(times)});
    }
  }

  std::vector<Rec>& recs = p->recs;
  p->end_ns = sc.start_ns;
  for (const auto& e : sc.events) {
    const int n = static_cast<int>(e.times.size());
    for (int c = dump_ ? n : 1; c <= n; ++c) {
      Rec r;
      r.event = &e;
      r.uid = e.uid;
      const int64_t t = e.times[static_cast<size_t>(c - 1)];
      int64_t last;
      if (e.new_api) {
        r.count = c > 1 ? c : 0;  // series.count only once it repeats
        last = t - t % 1000;      // microseconds
      } else {
        r.count = c;
        last = floor_second(t) * kSecond;
      }
      r.eff = last;
      if (observed_) {
        const int64_t seen = t + e.observe_delay_ns;
        if (last % kSecond == 0 && seen >= last && seen < last + kSecond) r.eff = seen;
      }
      r.rv = resource_version_at(t);
      r.involved = identity(e.involved);
      r.object = r.involved;
      if (e.subject) {
        r.object = identity(*e.subject);
        r.actor = r.involved;
      }
      p->end_ns = std::max(p->end_ns, std::max(r.eff, t + e.observe_delay_ns));
      if (live_) event_observed_.insert(t + e.observe_delay_ns);
      recs.push_back(std::move(r));
    }
  }
  // Evidence: each re-targeted record claims its object for its actor; the earliest claim wins.
  for (const auto& r : recs) {
    if (r.actor.empty()) continue;
    auto it = k.evidence.find(r.object);
    if (it == k.evidence.end() ||
        std::tie(r.eff, r.rv, r.uid) < std::tie(it->second.eff, it->second.rv, it->second.uid))
      k.evidence[r.object] = {r.actor, r.eff, r.rv, r.uid};
  }
  for (auto& r : recs) {
    std::set<std::string> seen;
    r.depth = k.depth(r.involved, seen);
    auto& slot = latest_by_depth_[floor_second(r.eff)];
    if (slot.empty()) slot.assign(kDepths, INT64_MIN);
    const size_t d = std::min<size_t>(static_cast<size_t>(r.depth), kDepths - 1);
    slot[d] = std::max(slot[d], r.eff);
  }
  std::sort(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) {
    return std::make_tuple(floor_second(a.eff), a.depth, a.eff, a.rv, std::cref(a.uid), a.count) <
           std::make_tuple(floor_second(b.eff), b.depth, b.eff, b.rv, std::cref(b.uid), b.count);
  });
  for (size_t i = 0; i < recs.size(); ++i) recs[i].order = i;
  waiting_.push_back(std::move(p));
}

void Oracle::flush(int64_t before, std::FILE* out) {
  std::vector<std::unique_ptr<Prepared>> keep;
  int64_t oldest = before;
  for (auto& p : waiting_) {
    // Live, a second is released by a later event: wait until the stream is well past the end.
    if (p->end_ns + 60 * kSecond < before) {
      run(*p, out);
    } else {
      oldest = std::min(oldest, p->scenario->start_ns);
      keep.push_back(std::move(p));
    }
  }
  waiting_ = std::move(keep);
  // No scenario still to come has an event before `oldest`.
  latest_by_depth_.erase(latest_by_depth_.begin(), latest_by_depth_.lower_bound(floor_second(oldest) - 1));
  event_observed_.erase(event_observed_.begin(), event_observed_.lower_bound(oldest - 10 * kSecond));
}

void Oracle::finish(std::FILE* out) { flush(std::numeric_limits<int64_t>::max() / 2, out); }

void Oracle::run(Prepared& p, std::FILE* out) {
  Run run(s_, p.knowledge, next_epoch_);
  for (const auto& r : p.recs) {
    int64_t clock_at = r.eff;
    auto it = latest_by_depth_.find(floor_second(r.eff));
    if (it != latest_by_depth_.end())
      for (size_t d = 0; d < static_cast<size_t>(r.depth) && d < kDepths; ++d) clock_at = std::max(clock_at, it->second[d]);
    run.process(r, clock_at);
  }
  run.finish();

  for (const auto& r : p.recs) {
    const auto& [parent, rule] = run.results.at(r.key());
    const Event& e = *r.event;
    ++spans_;
    ++rules_[rule];
    // Does the spec's parent agree with the generator's idea of the cause?
    bool agrees;
    if (e.cause.starts_with("e:"))
      agrees = parent.starts_with(e.cause + "#");
    else
      agrees = parent.starts_with("r:" + e.cause.substr(2) + "#");
    if (!agrees) ++differs_from_cause_;
    std::fprintf(out, "%s\t%d\t%s\t%s\t%s\t%s.%s\t%s\n", r.uid.c_str(), r.count, parent.c_str(), rule, e.cause.c_str(),
                 e.involved.kind.c_str(), e.reason.c_str(), tsv_safe(e.message).c_str());
  }
}

void Oracle::print_summary(std::FILE* f) const {
  std::fprintf(f, "kspan-gen: ground truth for %llu spans; parent rules:", static_cast<unsigned long long>(spans_));
  for (const auto& [rule, n] : rules_) std::fprintf(f, " %s %llu", rule.c_str(), static_cast<unsigned long long>(n));
  std::fprintf(f, "; %llu spans where the spec's parent is not the generator's cause\n",
               static_cast<unsigned long long>(differs_from_cause_));
}

}  // namespace kspan::gen
