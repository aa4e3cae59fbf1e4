// Identity of an object: (API group, kind, namespace, name), names compared without case
// (spec section 1).
#pragma once
#include <string>
#include <string_view>

namespace kspan {

// The API group of a kind: fixed for the built-in kinds, else the apiVersion's group.
std::string group_of(std::string_view kind, std::string_view api_version);
bool is_cluster_scoped(std::string_view kind);
// A key that is equal for two references to the same object, appended to `out` (a reused
// buffer: no allocation per lookup).
void append_identity_key(std::string& out, std::string_view group, std::string_view kind, std::string_view ns,
                         std::string_view name);
// How counters name an object: "namespace/name", or the name alone.
std::string object_label(std::string_view ns, std::string_view name);
// The semantic-convention attributes for a kind's name and uid ("k8s.pod.name",
// "k8s.pod.uid"), each empty when the conventions name none.
struct KindAttributes {
  std::string_view name;
  std::string_view uid;
};
KindAttributes kind_attributes(std::string_view kind);

}  // namespace kspan
