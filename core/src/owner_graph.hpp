// Every object the core knows of, by identity, and who owns whom: ownerReferences first,
// then the evidence of re-targeted events, then the name patterns of the built-in
// controllers (spec sections 2 and 4).
#pragma once
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

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

struct ObjectNode {
  std::string group, kind, ns, name, key;
  std::string uid;  // from an observation, else from the first reference that carried one
  bool observed = false;
  bool named_by_event = false;
  ObjectObservation observation;  // valid when observed
  std::vector<ObjId> owner_refs;  // resolved ownerReferences, controller first
  ObjId claimed_by = kNoObject;
  ClaimKey claim;
  // Caches, valid while the graph's version is unchanged.
  uint64_t cache_version = UINT64_MAX;
  std::vector<OwnerLink> owners;
  bool owners_valid = false;
  int depth = -1;
};

class OwnerGraph {
 public:
  ObjId intern(const std::string& kind, const std::string& api_version, const std::string& ns, const std::string& name);
  ObjId find(const std::string& group, const std::string& kind, const std::string& ns, const std::string& name) const;
  ObjectNode& node(ObjId id) { return nodes_[id]; }
  const ObjectNode& node(ObjId id) const { return nodes_[id]; }
  size_t size() const { return nodes_.size(); }

  // The newer version of an object (higher resourceVersion) wins.
  ObjId observe(ObjectObservation&& observation);
  void name_by_event(ObjId id);
  void note_uid(ObjId id, const std::string& uid) {
    if (nodes_[id].uid.empty()) nodes_[id].uid = uid;
  }
  // The object's key bytes for ids (spec 5): uid, else kind/namespace/name, then generation.
  std::string key_bytes(ObjId id) const;
  void claim(ObjId object, ObjId actor, ClaimKey key);

  const std::vector<OwnerLink>& owners(ObjId id);
  // 0 without owners, else 1 + the largest depth of its owners; cycles cut at the first repeat.
  int depth(ObjId id);

 private:
  void refresh(ObjectNode& node);
  std::vector<OwnerLink> compute_owners(ObjId id);
  void add_name_pattern_owners(const ObjectNode& node, std::vector<OwnerLink>& out) const;

  std::vector<ObjectNode> nodes_;
  std::unordered_map<std::string, ObjId> by_key_;
  uint64_t version_ = 0;
};

}  // namespace kspan
