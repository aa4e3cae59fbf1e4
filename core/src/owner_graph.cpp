#include "owner_graph.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "object_identity.hpp"

namespace kspan {

namespace {
constexpr std::string_view kHashAlphabet = "456789bcdf";
constexpr std::string_view kSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

bool all_of_alphabet(std::string_view text, std::string_view alphabet) {
  return std::all_of(text.begin(), text.end(), [&](char c) { return alphabet.find(c) != std::string_view::npos; });
}
bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool is_hash(std::string_view text) { return text.size() >= 1 && text.size() <= 10 && all_of_alphabet(text, kHashAlphabet); }
bool is_suffix(std::string_view text) { return text.size() == 5 && all_of_alphabet(text, kSuffixAlphabet); }

// Splits "a-b-c" at its last dash: ("a-b", "c"); empty head when there is none.
std::pair<std::string_view, std::string_view> split_last(std::string_view name) {
  const size_t dash = name.rfind('-');
  if (dash == std::string_view::npos || dash == 0) return {{}, name};
  return {name.substr(0, dash), name.substr(dash + 1)};
}

struct Candidate {
  const char* kind;
  std::string name;
};

// The owners the built-in controllers' naming implies, in the spec's order (section 4).
std::vector<Candidate> name_candidates(std::string_view kind, std::string_view name) {
  std::vector<Candidate> out;
  auto [head, last] = split_last(name);
  if (head.empty()) return out;
  if (kind == "Pod") {
    if (is_suffix(last)) {
      auto [deployment, hash] = split_last(head);
      if (!deployment.empty() && is_hash(hash)) out.push_back({"ReplicaSet", std::string(head)});
    }
    if (all_digits(last)) out.push_back({"StatefulSet", std::string(head)});
    if (is_suffix(last)) {
      auto [job, index] = split_last(head);
      if (!job.empty() && all_digits(index)) out.push_back({"Job", std::string(job)});
      out.push_back({"Job", std::string(head)});
      out.push_back({"DaemonSet", std::string(head)});
      out.push_back({"ReplicationController", std::string(head)});
    }
  } else if (kind == "ReplicaSet") {
    if (is_hash(last)) out.push_back({"Deployment", std::string(head)});
  } else if (kind == "Job") {
    if (all_digits(last) && (last.size() == 8 || last.size() == 10)) out.push_back({"CronJob", std::string(head)});
  }
  return out;
}
}  // namespace

const char* evidence_name(Evidence evidence) {
  switch (evidence) {
    case Evidence::OwnerReference: return "ownerReference";
    case Evidence::Message: return "message";
    case Evidence::NamePattern: return "name-pattern";
    case Evidence::None: break;
  }
  return "";
}

OwnerGraph::OwnerGraph(const Settings& settings, Counters& counters)
    : max_objects_(settings.max_objects), max_depth_(settings.max_owner_depth), counters_(&counters) {}

void OwnerGraph::set_event_time(int64_t ns) {
  record_ns_ = ns;
  latest_ns_ = std::max(latest_ns_, ns);
}

void OwnerGraph::touch(ObjId id, int64_t ns) { nodes_[id].touched_ns = std::max(nodes_[id].touched_ns, ns); }

ObjId OwnerGraph::intern(const std::string& kind, const std::string& api_version, const std::string& ns,
                         const std::string& name) {
  const std::string group = group_of(kind, api_version);
  uint64_t hash = 0;
  const ObjId found = lookup(group, kind, ns, name, hash);
  if (found != kNoObject) {
    touch(found, record_ns_);
    return found;
  }
  return add_node(hash, group, kind, ns, name);
}

ObjId OwnerGraph::add_node(uint64_t hash, const std::string& group, const std::string& kind, const std::string& ns,
                           const std::string& name) {
  ObjId id;
  if (free_.empty()) {
    id = static_cast<ObjId>(nodes_.size());
    nodes_.emplace_back();
  } else {
    id = free_.back();
    free_.pop_back();
    nodes_[id] = ObjectNode{};
  }
  ObjectNode& node = nodes_[id];
  node.group = group_index(group);
  node.kind = kind;
  node.ns = is_cluster_scoped(kind) ? std::string() : ns;
  node.name = name;
  node.touched_ns = record_ns_;
  by_key_.emplace(hash, id);
  ++version_;
  return id;
}

// Looked up by hash: an input can name as many API groups as objects (apiVersion is free text
// for kinds kspan does not know), and a scan of the table made that quadratic.
uint32_t OwnerGraph::group_index(const std::string& group) {
  const auto [it, added] = group_ids_.try_emplace(group, static_cast<uint32_t>(groups_.size()));
  if (added) groups_.push_back(group);
  return it->second;
}

const std::string& OwnerGraph::scratch_key(std::string_view group, std::string_view kind, std::string_view ns,
                                           std::string_view name) const {
  key_scratch_.clear();
  append_identity_key(key_scratch_, group, kind, ns, name);
  return key_scratch_;
}

ObjId OwnerGraph::lookup(std::string_view group, std::string_view kind, std::string_view ns, std::string_view name,
                         uint64_t& hash) const {
  hash = key_hash(scratch_key(group, kind, ns, name));
  const auto [first, last] = by_key_.equal_range(hash);
  for (auto it = first; it != last; ++it)
    if (has_identity(nodes_[it->second], group, kind, ns, name)) return it->second;
  return kNoObject;
}

// The same test as equal identity keys (object_identity.cpp): group and kind exact, the
// namespace unless the kind is cluster-scoped, the name in any case.
bool OwnerGraph::has_identity(const ObjectNode& node, std::string_view group, std::string_view kind,
                              std::string_view ns, std::string_view name) const {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return node.kind == kind && name.size() == node.name.size() &&
         std::equal(name.begin(), name.end(), node.name.begin(), [&](char a, char b) { return lower(a) == lower(b); }) &&
         (node.ns == ns || is_cluster_scoped(kind)) && group_name(node) == group;
}

ObjId OwnerGraph::known(const ObjectRef& ref) const {
  uint64_t hash = 0;
  return lookup(group_of(ref.kind, ref.api_version), ref.kind, ref.ns, ref.name, hash);
}

void OwnerGraph::refuse_object(const ObjectRef& ref, const char* what, const Location& where) {
  if (counters_ == nullptr) return;
  counters_->limit("object-limit", where,
                   std::string(what) + " " + ref.kind + " " + ref.name + " not kept: " +
                       std::to_string(max_objects_) + " objects held");
}

ObjId OwnerGraph::find(const std::string& group, const std::string& kind, const std::string& ns,
                       const std::string& name) const {
  uint64_t hash = 0;
  return lookup(group, kind, ns, name, hash);
}

ObjId OwnerGraph::observe(ObjectObservation&& observation) {
  record_ns_ = observation.observed_ns.value_or(latest_ns_);
  latest_ns_ = std::max(latest_ns_, record_ns_);
  if (full() && known(observation.ref) == kNoObject) {
    refuse_object(observation.ref, "object", observation.where);
    return kNoObject;
  }
  const ObjId id = intern(observation.ref.kind, observation.ref.api_version, observation.ref.ns, observation.ref.name);
  if (nodes_[id].observed && nodes_[id].resource_version > observation.resource_version) return id;
  std::vector<ObjId> owner_refs;
  for (int pass = 0; pass < 2; ++pass)  // the controller first, then the others as listed
    for (const auto& owner : observation.owners) {
      if (owner.controller != (pass == 0)) continue;
      if (full() && known(owner.ref) == kNoObject) refuse_object(owner.ref, "ownerReference to", observation.where);
      else owner_refs.push_back(intern(owner.ref.kind, owner.ref.api_version, owner.ref.ns, owner.ref.name));
    }
  ObjectNode& node = nodes_[id];
  node.observed = true;
  if (!observation.ref.uid.empty()) node.uid = std::move(observation.ref.uid);
  node.deleted = observation.deleted;
  node.has_generation = observation.has_generation;
  node.generation = observation.generation;
  node.resource_version = observation.resource_version;
  node.api_version = std::move(observation.ref.api_version);
  node.spec_changes = std::move(observation.spec_changes);
  node.spec_changes.shrink_to_fit();
  node.owner_refs = std::move(owner_refs);
  ++version_;
  return id;
}

std::string OwnerGraph::key_bytes(ObjId id) const {
  const ObjectNode& node = nodes_[id];
  std::string bytes = node.uid.empty() ? node.kind + "/" + node.ns + "/" + node.name : node.uid;
  const uint64_t generation = node.observed ? static_cast<uint64_t>(node.generation) : 0;
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>((generation >> (8 * i)) & 0xff));
  return bytes;
}

void OwnerGraph::name_by_event(ObjId id) {
  touch(id, record_ns_);
  if (nodes_[id].named_by_event) return;
  nodes_[id].named_by_event = true;
  ++version_;
}

void OwnerGraph::claim(ObjId object, ObjId actor, ClaimKey key) {
  touch(object, key.effective_ns);  // evidence expires after the last event that gave it (spec 8)
  ObjectNode& node = nodes_[object];
  if (node.claimed_by != kNoObject && !(key < *node.claim)) return;
  node.claimed_by = actor;
  if (node.claim) *node.claim = std::move(key);
  else node.claim = std::make_unique<ClaimKey>(std::move(key));
  ++version_;
}

void OwnerGraph::refresh(ObjectNode& node) {
  if (node.cache_version == version_) return;
  node.cache_version = version_;
  node.depth = -1;
  node.owners_valid = false;
}

const std::vector<OwnerLink>& OwnerGraph::owners(ObjId id) {
  refresh(nodes_[id]);
  if (!nodes_[id].owners_valid) {
    std::vector<OwnerLink> computed = compute_owners(id);
    nodes_[id].owners = std::move(computed);
    nodes_[id].owners_valid = true;
  }
  return nodes_[id].owners;
}

std::vector<OwnerLink> OwnerGraph::compute_owners(ObjId id) {
  const ObjectNode& node = nodes_[id];
  std::vector<OwnerLink> out;
  for (ObjId owner : node.owner_refs)
    if (owner != id) out.push_back({owner, Evidence::OwnerReference});
  if (!out.empty()) return out;
  if (node.claimed_by != kNoObject && node.claimed_by != id) return {{node.claimed_by, Evidence::Message}};
  add_name_pattern_owners(node, out);
  return out;
}

void OwnerGraph::add_name_pattern_owners(const ObjectNode& node, std::vector<OwnerLink>& out) const {
  for (const auto& candidate : name_candidates(node.kind, node.name)) {
    const std::string kind = candidate.kind;
    const ObjId owner = find(group_of(kind, ""), kind, node.ns, candidate.name);
    if (owner == kNoObject) continue;
    const ObjectNode& known = nodes_[owner];
    if (known.observed || known.named_by_event) out.push_back({owner, Evidence::NamePattern});
  }
}

// 1 + the largest depth of the owners, computed without recursion (an owner chain can be as
// long as the input); a node met again on the current path is a cycle, cut there. A path of
// max_owner_depth links proves the depth is at least the limit: the walk stops there and the
// depth is the limit (so every cached depth is min(depth, limit), exact for any real cluster).
int OwnerGraph::depth(ObjId id) {
  refresh(nodes_[id]);
  if (nodes_[id].depth < 0) compute_depth(id);
  if (nodes_[id].depth_cut) count_depth_limit(id);
  return nodes_[id].depth;
}

void OwnerGraph::compute_depth(ObjId id) {
  const int limit = static_cast<int>(std::min<size_t>(max_depth_, INT32_MAX / 2));
  struct Frame {
    ObjId id;
    size_t next_owner;
    int deepest;
  };
  std::vector<Frame> stack{{id, 0, 0}};
  std::unordered_set<ObjId> on_path{id};
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const std::vector<OwnerLink>& links = owners(frame.id);
    if (frame.next_owner < links.size()) {
      const ObjId owner = links[frame.next_owner++].id;
      refresh(nodes_[owner]);
      if (nodes_[owner].depth >= 0) {
        frame.deepest = std::max(frame.deepest, 1 + nodes_[owner].depth);
      } else if (on_path.count(owner) != 0) {
        frame.deepest = std::max(frame.deepest, 1);  // a cycle: the repeat counts as a top
      } else if (stack.size() >= static_cast<size_t>(limit)) {
        nodes_[id].depth = limit;  // the nodes on the path stay uncomputed
        nodes_[id].depth_cut = true;
        return;
      } else {
        on_path.insert(owner);
        stack.push_back({owner, 0, 0});
      }
      continue;
    }
    const Frame done = frame;
    stack.pop_back();
    on_path.erase(done.id);
    nodes_[done.id].depth = std::min(done.deepest, limit);
    nodes_[done.id].depth_cut = done.deepest >= limit && !owners(done.id).empty();
    if (!stack.empty()) stack.back().deepest = std::max(stack.back().deepest, 1 + done.deepest);
  }
}

// What live mode keeps: objects in use, alive in the cluster (observed, not DELETED) or
// touched since the horizon, and everything they name as owner or claimant.
std::vector<bool> OwnerGraph::kept_objects(const std::vector<ObjId>& in_use, int64_t horizon_ns) const {
  std::vector<bool> kept(nodes_.size(), false);
  std::vector<ObjId> to_visit;
  auto keep = [&](ObjId id) {
    if (id >= nodes_.size() || kept[id] || nodes_[id].free) return;
    kept[id] = true;
    to_visit.push_back(id);
  };
  for (ObjId id : in_use) keep(id);
  for (ObjId id = 0; id < nodes_.size(); ++id) {
    const ObjectNode& node = nodes_[id];
    if ((node.observed && !node.deleted) || node.touched_ns >= horizon_ns) keep(id);
  }
  while (!to_visit.empty()) {
    const ObjectNode& node = nodes_[to_visit.back()];
    to_visit.pop_back();
    for (ObjId owner : node.owner_refs) keep(owner);
    keep(node.claimed_by);
  }
  return kept;
}

std::vector<ObjId> OwnerGraph::forget(const std::vector<ObjId>& in_use, int64_t horizon_ns) {
  const std::vector<bool> kept = kept_objects(in_use, horizon_ns);
  std::vector<ObjId> forgotten;
  for (ObjId id = 0; id < nodes_.size(); ++id) {
    if (kept[id] || nodes_[id].free) continue;
    const ObjectNode& node = nodes_[id];
    const auto [first, last] = by_key_.equal_range(key_hash(scratch_key(group_name(node), node.kind, node.ns, node.name)));
    by_key_.erase(std::find_if(first, last, [id](const auto& entry) { return entry.second == id; }));
    nodes_[id] = ObjectNode{};  // frees its texts now
    nodes_[id].free = true;
    free_.push_back(id);
    forgotten.push_back(id);
  }
  if (!forgotten.empty()) ++version_;  // name-pattern owners may have gone
  return forgotten;
}

void OwnerGraph::count_depth_limit(ObjId cut_at) {
  if (counters_ == nullptr) return;
  const ObjectNode& node = nodes_[cut_at];
  counters_->limit("owner-depth-limit", Location{{}, 0, 0, node.ns.empty() ? node.name : node.ns + "/" + node.name},
                   node.kind + " " + node.name + ": owner chain longer than " + std::to_string(max_depth_) +
                       " links, followed that far");
}

}  // namespace kspan
