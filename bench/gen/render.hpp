// Kubernetes JSON for the simulated objects and events, field by field as the API server and
// kubectl write them (core/v1 Events in Go struct order, managedFields, ownerReferences).
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "model.hpp"

namespace kspan::gen {

using ojson = nlohmann::ordered_json;

std::string rfc3339(int64_t ns, int digits = 0);  // digits: 0, 6 (micro) or 9 (nano)

// The event as it stood after occurrence `count` (1-based).
ojson render_event(const Event& e, int count, uint64_t resource_version);
// The object as written in version `version`.
ojson render_object(const Object& o, size_t version, uint64_t resource_version);

// Resource versions grow with time, as etcd's do.
uint64_t resource_version_at(int64_t ns);

// YAML for a JSON value, in kubectl's layout (block style, "- " items at the parent's indent).
void write_yaml(std::string& out, const ojson& value, int indent);

}  // namespace kspan::gen
