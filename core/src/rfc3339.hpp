// RFC 3339 times (with Z or a numeric offset) to nanoseconds since the Unix epoch, and back.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kspan {

std::optional<int64_t> parse_rfc3339(std::string_view text);
std::string format_rfc3339(int64_t unix_ns);  // UTC, nanoseconds, "Z"

}  // namespace kspan
