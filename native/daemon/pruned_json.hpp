// Parsing a JSON text into only the members a caller reads. A watch line carries a whole object;
// the daemon reads a dozen fields of it before the core parses it again (the core gets the line
// as it came), so building the full document for each event is wasted work. Members outside the
// shape are stepped over by matching quotes and brackets, checked for structure only: the core
// parses the whole line and counts what is wrong in it.
#pragma once
#include <nlohmann/json.hpp>
#include <string_view>

namespace kspan::daemon {

// What to keep, as a JSON object: a member whose value is `true` is kept whole; a member whose
// value is an object is kept with only the members that object names. Anything else is dropped.
//   {"type": true, "object": {"metadata": {"namespace": true}}}
using JsonShape = nlohmann::json;

// The document pruned to shape; discarded (is_discarded()) when text is not JSON.
nlohmann::json parse_pruned(std::string_view text, const JsonShape& shape);

}  // namespace kspan::daemon
