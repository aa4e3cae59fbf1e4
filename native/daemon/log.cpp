#include "log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "clock.hpp"

namespace kspan::daemon {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::mutex g_write;

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view text) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError})
    if (text == level_name(l)) return l;
  if (text == "warning") return LogLevel::kWarn;
  return std::nullopt;
}

void set_log_level(LogLevel level) { g_level = static_cast<int>(level); }

bool log_enabled(LogLevel level) { return static_cast<int>(level) >= g_level.load(); }

void log(LogLevel level, std::string_view message, const nlohmann::json& fields) {
  if (!log_enabled(level)) return;
  nlohmann::ordered_json line;
  line["time"] = rfc3339_ns(now_ns());
  line["level"] = level_name(level);
  line["msg"] = message;
  if (fields.is_object())
    for (const auto& [key, value] : fields.items()) line[key] = value;
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(g_write);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace kspan::daemon
