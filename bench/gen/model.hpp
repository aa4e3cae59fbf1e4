// What the generator simulates: Kubernetes objects (with their versions over time) and the
// Events controllers write about them, plus what each Event was caused by.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kspan::gen {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMilli = 1'000'000;

struct Ref {
  std::string api_version, kind, ns, name, uid;  // ns empty for cluster-scoped kinds
};

// Identity of an object as the spec defines it (kind, namespace, name; names without case).
std::string identity(const std::string& kind, const std::string& ns, const std::string& name);
inline std::string identity(const Ref& r) { return identity(r.kind, r.ns, r.name); }

// One managedFields entry.
struct FieldsEntry {
  std::string manager, operation, subresource, api_version;
  int64_t time_s = 0;
  std::string fields;  // fieldsV1 as compact JSON text
  bool touches_spec() const { return fields.find("\"f:spec\"") != std::string::npos; }
};

// An object as written at one moment (a watch ADDED/MODIFIED, or the final state in a dump).
struct ObjectVersion {
  int64_t at_ns = 0;
  int64_t generation = 1;
  std::vector<FieldsEntry> managed;
  int replicas = 0;       // spec.replicas / desired
  int ready = 0;          // status
  std::string image;      // the pod template's image
  std::string phase;      // Pods, Jobs: Running, Succeeded, Failed, Pending
  std::string node;       // Pods
  int restarts = 0;       // Pods
};

struct Object {
  Ref ref;
  std::vector<Ref> owners;  // the controller first
  std::vector<std::pair<std::string, std::string>> labels;
  std::string container;    // main container name (Pods and pod templates)
  std::string hash;         // pod-template-hash / controller-revision-hash
  int64_t created_ns = 0;
  std::optional<int64_t> deleted_ns;
  std::vector<ObjectVersion> versions;  // in time order, at least one
  std::string schedule;    // CronJob
  const ObjectVersion& last() const { return versions.back(); }
};

struct Event {
  std::string uid, name;  // metadata
  std::string ns;         // metadata.namespace
  Ref involved;
  std::string field_path;
  std::string reason, message;
  bool warning = false;
  std::string component, host;
  // Written by a client of events.k8s.io/v1 (the scheduler): eventTime with microseconds,
  // no first/last timestamp, reportingController/Instance instead of source.
  bool new_api = false;
  std::string action;
  std::string reporting_instance;
  std::vector<int64_t> times;  // true time of each occurrence; count = times.size()
  int64_t observe_delay_ns = 0;  // how long after each occurrence a watcher saw it

  // What the spec re-targets it to (section 2), when the message names a sub-object.
  std::optional<Ref> subject;
  // The generator's own idea of the cause: an event key "e:<uid>#<count>" or "o:<identity>"
  // for "the activity on that top object".
  std::string cause;
};

// One event record as written: an occurrence (stream formats) or the final state (dumps).
struct EventRecord {
  size_t event = 0;
  int count = 1;            // 1-based occurrence
  uint64_t resource_version = 0;
};

}  // namespace kspan::gen
