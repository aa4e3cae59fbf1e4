// Which namespaces the daemon follows: --namespace (one; its watches are namespaced, so a
// Role there suffices) and --exclude-namespace (any number, filtered as records arrive).
#pragma once
#include <set>
#include <string>

namespace kspan::daemon {

struct Scope {
  std::string only;  // empty: all namespaces
  std::set<std::string> excluded;

  // Cluster-scoped objects (namespace "") are always admitted.
  bool admits(const std::string& namespace_name) const {
    if (namespace_name.empty()) return true;
    if (!only.empty() && namespace_name != only) return false;
    return excluded.count(namespace_name) == 0;
  }
};

}  // namespace kspan::daemon
