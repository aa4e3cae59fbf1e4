// Normalised events and object metadata: all the core keeps of its input.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kspan/counters.hpp"

namespace kspan {

using ObjId = uint32_t;
constexpr ObjId kNoObject = UINT32_MAX;

// How an owner link was found, strongest last (spec section 6, kspan.owner.evidence).
enum class Evidence : uint8_t { None = 0, NamePattern = 1, Message = 2, OwnerReference = 3 };
const char* evidence_name(Evidence evidence);

// An object as an Event or an ownerReference names it.
struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string ns;
  std::string name;
  std::string uid;
  std::string field_path;
};

struct OwnerRef {
  ObjectRef ref;
  bool controller = false;
};

// A managedFields entry that touched f:spec.
struct SpecChange {
  int64_t time_ns = 0;
  std::string manager;
  std::string operation;
};

// The metadata kept of an observed object.
struct ObjectObservation {
  ObjectRef ref;
  int64_t generation = 0;
  bool has_generation = false;
  uint64_t resource_version = 0;
  std::vector<OwnerRef> owners;
  std::vector<SpecChange> spec_changes;  // sorted by time
  std::optional<int64_t> observed_ns;
  bool deleted = false;
  Location where;  // the record it came from, for counters
};

struct Event {
  std::string uid;
  std::string name;  // metadata.name
  std::string ns;    // metadata.namespace
  ObjectRef involved;
  std::optional<ObjectRef> related;
  std::string reason;
  std::string type = "Normal";
  std::string message;
  std::string component;
  std::string instance;
  std::string action;
  std::optional<int64_t> count;
  std::optional<int64_t> first_ns;
  int64_t last_ns = 0;
  int64_t effective_ns = 0;
  std::optional<int64_t> observed_ns;
  uint64_t resource_version = 0;
  bool top_level = false;
  bool skewed = false;
  bool late = false;
  Location where;
};

// A count of 0 means the event record has none (spec 5: span id).
inline int64_t count_or_zero(const Event& event) { return event.count.value_or(0); }

}  // namespace kspan
