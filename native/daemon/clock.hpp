// The host's clock and RFC 3339 times with nanoseconds, as the watch envelopes carry them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kspan::daemon {

int64_t now_ns();  // ns since the Unix epoch (system clock)

// 2026-11-01T12:00:03.123456789Z
std::string rfc3339_ns(int64_t unix_ns);
// Whole seconds: 2026-11-01T12:00:03Z, as Kubernetes writes most times.
std::string rfc3339_seconds(int64_t unix_ns);
// Z or a numeric offset, optional fraction; nothing when text is not such a time.
std::optional<int64_t> parse_rfc3339(std::string_view text);

}  // namespace kspan::daemon
