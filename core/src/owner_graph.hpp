// Every object the core knows of, by identity, and who owns whom: ownerReferences first,
// then the evidence of re-targeted events, then the name patterns of the built-in
// controllers (spec sections 2 and 4).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "chunked_vector.hpp"
#include "kspan/settings.hpp"
#include "model.hpp"

namespace kspan {

struct OwnerLink {
  ObjId id = kNoObject;
  Evidence evidence = Evidence::None;
};

// Earliest claim wins, ordered by (effective time, resourceVersion, uid).
struct ClaimKey {
  int64_t effective_ns = INT64_MAX;
  uint64_t resource_version = 0;
  std::string uid;
  bool operator<(const ClaimKey& other) const {
    return std::tie(effective_ns, resource_version, uid) < std::tie(other.effective_ns, other.resource_version, other.uid);
  }
};

// What is kept of an object: its identity and, when observed, the part of the newest
// observation that correlation reads (the rest of the metadata, ownerReferences included once
// resolved, is dropped: live mode holds every object alive in the cluster). Live mode holds
// some 100,000 of them after 30 s at 10,000 events/s, so what few objects need (a claim's key)
// is kept out of line, the group (a handful per cluster) as an index, the flags side by side.
struct ObjectNode {
  std::string kind, ns, name;
  std::string uid;  // from an observation, else from the first reference that carried one
  std::string api_version;
  std::vector<SpecChange> spec_changes;  // sorted by time
  std::vector<ObjId> owner_refs;  // resolved ownerReferences, controller first
  // Caches, valid while the graph's version is unchanged.
  std::vector<OwnerLink> owners;
  uint64_t cache_version = UINT64_MAX;
  int64_t generation = 0;
  uint64_t resource_version = 0;
  // Live expiry (spec 8): the latest time an event named this object, gave evidence about it
  // or an observation of it (or naming it as an owner) was read.
  int64_t touched_ns = INT64_MIN;
  std::unique_ptr<ClaimKey> claim;  // with claimed_by
  ObjId claimed_by = kNoObject;
  int depth = -1;
  uint32_t group = 0;  // OwnerGraph::group_name
  bool observed = false;
  bool named_by_event = false;
  bool deleted = false;  // the newest observation was a DELETED watch event
  bool has_generation = false;
  bool owners_valid = false;
  bool depth_cut = false;  // depth is max_owner_depth because a chain was that long
  bool free = false;  // a forgotten slot, waiting to be reused
};

class OwnerGraph {
 public:
  OwnerGraph() = default;
  // With the limits of `settings`, counted in `counters`.
  OwnerGraph(const Settings& settings, Counters& counters);

  // The time of the event being routed: the objects it names are touched with it.
  void set_event_time(int64_t ns);
  // Always gives a node (an event's span needs one), past max_objects too.
  ObjId intern(const std::string& kind, const std::string& api_version, const std::string& ns, const std::string& name);
  ObjId find(const std::string& group, const std::string& kind, const std::string& ns, const std::string& name) const;
  ObjectNode& node(ObjId id) { return nodes_[id]; }
  const ObjectNode& node(ObjId id) const { return nodes_[id]; }
  // Objects held (forgotten slots not counted).
  size_t size() const { return nodes_.size() - free_.size(); }
  bool full() const { return size() >= max_objects_; }

  // The newer version of an object (higher resourceVersion) wins. kNoObject when the object
  // is new and the graph is full (object-limit); ownerReferences that would add an object
  // past the limit are left out (object-limit).
  ObjId observe(ObjectObservation&& observation);
  void name_by_event(ObjId id);
  void note_uid(ObjId id, const std::string& uid) {
    if (nodes_[id].uid.empty()) nodes_[id].uid = uid;
  }
  const std::string& group_name(const ObjectNode& node) const { return groups_[node.group]; }
  // The object's key bytes for ids (spec 5): uid, else kind/namespace/name, then generation.
  std::string key_bytes(ObjId id) const;
  void claim(ObjId object, ObjId actor, ClaimKey key);

  const std::vector<OwnerLink>& owners(ObjId id);
  // 0 without owners, else 1 + the largest depth of its owners; cycles cut at the first repeat.
  // At most max_owner_depth (owner-depth-limit).
  int depth(ObjId id);
  size_t max_owner_depth() const { return max_depth_; }
  // Counts an owner chain cut at max_owner_depth.
  void count_depth_limit(ObjId cut_at);

  // Live expiry (spec 8). Forgets every object that is not `in_use`, not observed and alive
  // (observed and not DELETED), not touched at or after `horizon_ns`, and not an owner or
  // claimant of one that stays. Returns the forgotten ids; their slots are reused.
  std::vector<ObjId> forget(const std::vector<ObjId>& in_use, int64_t horizon_ns);

 private:
  ObjId known(const ObjectRef& ref) const;
  // The identity key in a buffer reused from lookup to lookup.
  const std::string& scratch_key(std::string_view group, std::string_view kind, std::string_view ns,
                                 std::string_view name) const;
  static uint64_t key_hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  // The object with this identity, kNoObject when none; `hash` is set to its key's hash.
  ObjId lookup(std::string_view group, std::string_view kind, std::string_view ns, std::string_view name,
               uint64_t& hash) const;
  bool has_identity(const ObjectNode& node, std::string_view group, std::string_view kind, std::string_view ns,
                    std::string_view name) const;
  ObjId add_node(uint64_t hash, const std::string& group, const std::string& kind, const std::string& ns,
                 const std::string& name);
  uint32_t group_index(const std::string& group);
  void touch(ObjId id, int64_t ns);
  std::vector<bool> kept_objects(const std::vector<ObjId>& in_use, int64_t horizon_ns) const;
  void refuse_object(const ObjectRef& ref, const char* what, const Location& where);
  void refresh(ObjectNode& node);
  void compute_depth(ObjId id);
  std::vector<OwnerLink> compute_owners(ObjId id);
  void add_name_pattern_owners(const ObjectNode& node, std::vector<OwnerLink>& out) const;

  ChunkedVector<ObjectNode> nodes_;  // indexed by ObjId; grows without moving nodes
  std::vector<ObjId> free_;
  // Objects by the hash of their identity key; the key itself is not kept (an object's own
  // fields give it back), so a lookup compares the fields of the few objects with that hash.
  std::unordered_multimap<uint64_t, ObjId> by_key_;
  mutable std::string key_scratch_;  // scratch_key's buffer
  std::vector<std::string> groups_{std::string()};  // ObjectNode::group indexes it
  std::unordered_map<std::string, uint32_t> group_ids_{{std::string(), 0}};  // groups_ by name
  uint64_t version_ = 0;
  size_t max_objects_ = SIZE_MAX;
  size_t max_depth_ = Settings{}.max_owner_depth;
  Counters* counters_ = nullptr;
  int64_t record_ns_ = INT64_MIN;  // the time of the record being read: what intern touches with
  int64_t latest_ns_ = INT64_MIN;  // the latest time read: for observations without one
};

}  // namespace kspan
