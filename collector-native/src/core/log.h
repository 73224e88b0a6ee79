#pragma once
// Structured logs: one JSON object per line on stderr ({"time","level","msg",...fields}), the same shape the
// TypeScript services write with pino, so one log pipeline reads both. Never log a secret: connection strings
// and tokens are not fields here; log names and hosts instead.
#include <nlohmann/json.hpp>
#include <string_view>

namespace pga::log {

enum class Level { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3, kTrace = 4 };

// "error" "warn" "info" "debug" "trace"; false when the name is unknown.
bool parse_level(std::string_view name, Level* out);
void set_level(Level level);
bool enabled(Level level);

void write(Level level, std::string_view msg, const nlohmann::json& fields = nlohmann::json::object());

inline void error(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
  write(Level::kError, msg, fields);
}
inline void warn(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
  write(Level::kWarn, msg, fields);
}
inline void info(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
  write(Level::kInfo, msg, fields);
}
inline void debug(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
  if (enabled(Level::kDebug)) write(Level::kDebug, msg, fields);
}

}  // namespace pga::log
