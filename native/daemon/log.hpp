// The daemon's logs: one JSON object per line on standard error
// ({"time":...,"level":"info","msg":...,<fields>}), filtered by --log-level. Thread-safe.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kspan::daemon {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

std::optional<LogLevel> parse_log_level(std::string_view text);  // debug, info, warn, error
void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);

// fields: a JSON object whose members are added to the line.
void log(LogLevel level, std::string_view message, const nlohmann::json& fields = nlohmann::json::object());
inline void log_debug(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { log(LogLevel::kDebug, m, f); }
inline void log_info(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { log(LogLevel::kInfo, m, f); }
inline void log_warn(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { log(LogLevel::kWarn, m, f); }
inline void log_error(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { log(LogLevel::kError, m, f); }

}  // namespace kspan::daemon
