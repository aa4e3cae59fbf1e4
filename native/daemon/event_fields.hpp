// The few fields of an Event the daemon reads before the core does: enough to filter by
// namespace and start time, count it, and start watches of the kinds it names.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pruned_json.hpp"

namespace kspan::daemon {

struct ObjectName {
  std::string api_version, kind;
};

struct EventFields {
  std::string namespace_name;
  std::string type;  // Normal, Warning
  std::string reason;
  ObjectName involved;  // involvedObject or regarding
  std::optional<ObjectName> related;
  std::optional<int64_t> last_ns;  // the spec's "last time" (correlation.md 1.1)
};

// core/v1 or events.k8s.io/v1, as the core tells them apart.
EventFields event_fields(const nlohmann::json& event);

// The members of an Event that event_fields reads: a watched Event is parsed into only these.
const JsonShape& event_fields_shape();

}  // namespace kspan::daemon
