// Durations on the command line: `5s`, `300ms`, `1.5m`, `1h30m` (Go's notation, which
// kubectl users already write). Units: ns, us (or µs), ms, s, m, h.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace kspan::cli {

// Nanoseconds, or nothing when text is not a non-negative duration that fits in int64.
std::optional<int64_t> parse_duration(std::string_view text);

}  // namespace kspan::cli
