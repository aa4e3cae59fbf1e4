// Parsing a JSON text into only the members a caller reads. A watch line carries a whole object;
// the daemon reads a dozen fields of it before the core parses it again (the core gets the line
// as it came), so building the full document for each event is wasted work. Members outside the
// shape are stepped over by matching quotes and brackets, checked for structure only: the core
// parses the whole line and counts what is wrong in it.
#pragma once
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace kspan::daemon {

// What to keep, as a JSON object: a member whose value is `true` is kept whole; a member whose
// value is an object is kept with only the members that object names. Anything else is dropped.
//   {"type": true, "object": {"metadata": {"namespace": true}}}
using JsonShape = nlohmann::json;

// The document pruned to shape; discarded (is_discarded()) when text is not JSON.
nlohmann::json parse_pruned(std::string_view text, const JsonShape& shape);

// The text of the value at path (member names, outermost first) as it stands in text, for a
// caller that passes part of a line on without building it; nothing when a member is absent or
// the text is broken before the value ends. Only the text up to the value's end is read.
std::optional<std::string_view> member_text(std::string_view text, std::initializer_list<std::string_view> path);

}  // namespace kspan::daemon
