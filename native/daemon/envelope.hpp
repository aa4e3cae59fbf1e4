// The lines the daemon hands to the core and `kspan record` writes: watch envelopes
// {"type":"ADDED","object":{...},"observedAt":"RFC 3339 ns"}, the format the core, the viewer
// and `kspan convert --stream` read.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kspan::daemon {

// From a watch line as the server sent it ({"type":..,"object":{..}}): observedAt appended
// without re-serialising the object. Nothing when the line does not end in '}'.
std::optional<std::string> with_observed_at(std::string_view watch_line, int64_t observed_ns);

// An object's envelope from its metadata as the server sent it (the text of a watched
// PartialObjectMetadata's metadata), with the kind and apiVersion that such an answer replaces.
std::string metadata_envelope(std::string_view type, std::string_view api_version, std::string_view kind,
                              std::string_view metadata, int64_t observed_ns);

// An envelope around an object (a list item); no observedAt when observed_ns is nothing.
std::string envelope(std::string_view type, const nlohmann::json& object, std::optional<int64_t> observed_ns);

}  // namespace kspan::daemon
