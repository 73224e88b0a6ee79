#pragma once
// One PostgreSQL log event as the parsers build it (a primary message with its DETAIL/HINT/CONTEXT/STATEMENT
// parts joined) and, after classification and redaction, as it is written to schemas/logs.v1.avsc.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pga::plugins::logs {

struct LogEvent {
  // Parsed
  std::optional<int64_t> log_time_us;  // null when the format/prefix carries no timestamp
  std::string severity;                // as written: LOG, ERROR, DEBUG2 ...
  std::optional<std::string> sqlstate;
  std::optional<std::string> database_name;
  std::optional<std::string> user_name;
  std::optional<std::string> application_name;
  std::optional<int32_t> pid;
  std::optional<std::string> backend_type;
  std::string message;
  std::optional<std::string> detail;
  std::optional<std::string> hint;
  std::optional<std::string> context;
  std::optional<std::string> internal_query;  // QUERY: of PL/pgSQL errors (folded into context on output)
  std::optional<std::string> statement;       // STATEMENT: / csv query / json statement
  std::optional<int64_t> query_id;
  int line_count = 1;      // physical lines before any cap
  bool truncated = false;  // cut by the byte cap

  // Set by classification
  std::string category = "other";
  std::optional<double> duration_ms;
  std::optional<std::string> plan;
  size_t message_sql_at = std::string::npos;  // where a statement starts inside message ("statement: <sql>")

  // Bytes of text held (the max_event_bytes cap counts these).
  size_t text_bytes() const;
};

// The categories of the schema's `category` field.
namespace category {
inline constexpr const char* kError = "error";
inline constexpr const char* kConnection = "connection";
inline constexpr const char* kCheckpoint = "checkpoint";
inline constexpr const char* kAutovacuum = "autovacuum";
inline constexpr const char* kSlowQuery = "slow_query";
inline constexpr const char* kLockWait = "lock_wait";
inline constexpr const char* kDeadlock = "deadlock";
inline constexpr const char* kTempFile = "temp_file";
inline constexpr const char* kAuthFailure = "auth_failure";
inline constexpr const char* kOther = "other";
}  // namespace category

// DEBUG1..DEBUG5 → DEBUG; the other primary severities unchanged.
std::string normalized_severity(std::string_view severity);
// LOG, ERROR, ... (a line that starts an event) — not DETAIL, HINT, CONTEXT, STATEMENT, QUERY, LOCATION.
bool is_primary_severity(std::string_view word);
// DETAIL, HINT, CONTEXT, STATEMENT, QUERY, LOCATION: a part of the event before it.
bool is_secondary_label(std::string_view word);

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence; true when it cut.
bool cut_utf8(std::string& text, size_t max_bytes);
// Replaces bytes that are not valid UTF-8 with '?' (Avro strings must be UTF-8; log files need not be).
void sanitize_utf8(std::string& text);

}  // namespace pga::plugins::logs
