// Cluster activity as independent scenarios (one Deployment's rollouts, one CronJob's runs,
// one node's reboot, ...). Scenarios never share an object that is active in both, so the
// expected span tree of each can be worked out alone (see oracle.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model.hpp"
#include "rng.hpp"

namespace kspan::gen {

struct Scenario {
  std::string kind;  // "deployment", "statefulset", ...: for statistics
  std::vector<Object> objects;
  std::vector<Event> events;
  int64_t start_ns = 0;
  int64_t end_ns = 0;  // the last moment anything happens
};

// State shared by scenarios: nodes, namespaces, names in use.
class Cluster {
 public:
  Cluster(Rng& rng, uint64_t expected_events);
  const std::string& node(Rng& r) const { return nodes_[r.below(nodes_.size())]; }
  size_t node_count() const { return nodes_.size(); }
  const std::vector<std::string>& nodes() const { return nodes_; }
  const std::string& ns(Rng& r) const { return namespaces_[r.below(namespaces_.size())]; }
  // A name no other scenario uses, from realistic words.
  std::string unique_name(Rng& r, const char* const* words, size_t n_words, const char* const* suffixes,
                          size_t n_suffixes);
  // The node objects (cluster-scoped, created long before the recording).
  std::vector<Object> node_objects(int64_t base_ns) const;
  // A node free for an incident at t (no other incident within expire_after), or -1.
  int reserve_node(Rng& r, int64_t from_ns, int64_t until_ns);

 private:
  std::vector<std::string> nodes_;
  std::vector<std::string> namespaces_;
  std::vector<int64_t> node_busy_until_;
  uint64_t name_counter_ = 0;
};

// Builds the scenario starting at start_ns.
Scenario make_scenario(Rng& rng, Cluster& cluster, int64_t start_ns);

}  // namespace kspan::gen
