#pragma once
// log_line_prefix: compiled once into tokens, then matched against the start of each stderr line.
//
// Values of %u %d %a %h %r %b %i can hold any character (an application_name may contain "@" or spaces), so
// the matcher backtracks: a text value takes the shortest run for which the rest of the prefix matches AND
// the prefix is followed by a severity word and ":  " ("LOG:  ", "DETAIL:  "). That anchor is what makes the
// split reliable. %q ends the prefix for processes without a session (checkpointer, autovacuum): both
// readings are tried, the short one first. Padding ("%-10u", "%5p") is trimmed. A step budget bounds the
// work on pathological lines (they are then reported as unmatched, never a hang).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "plugins/logs/log-time.h"

namespace pga::plugins::logs {

struct PrefixFields {
  std::optional<int64_t> time_us;  // %m, %n or %t (in that order of preference)
  bool zone_known = true;
  std::optional<std::string_view> user;         // %u
  std::optional<std::string_view> database;     // %d
  std::optional<std::string_view> application;  // %a
  std::optional<std::string_view> backend_type; // %b
  std::optional<std::string_view> sqlstate;     // %e
  std::optional<int32_t> pid;                   // %p
  std::optional<int64_t> query_id;              // %Q (0 = none → null)
};

struct PrefixMatch {
  PrefixFields fields;
  std::string_view severity;  // "LOG", "DETAIL", ...
  std::string_view text;      // what follows "SEVERITY:  "
};

class LinePrefix {
 public:
  // Every escape PostgreSQL 13–18 knows is accepted; an unknown one prints nothing (as in PostgreSQL).
  static LinePrefix compile(std::string_view prefix);

  std::optional<PrefixMatch> match(std::string_view line, const ZoneTable& zones) const;
  bool has_escape(char escape) const;
  const std::string& text() const { return text_; }

 private:
  struct Token {
    char escape = 0;      // 0: literal
    std::string literal;  // escape == 0
    bool padded = false;
  };
  struct State;
  bool match_from(size_t token, size_t pos, State& st) const;
  bool match_rest(size_t token, size_t pos, State& st) const;
  bool finish(size_t pos, State& st) const;

  std::string text_;
  std::vector<Token> tokens_;
};

}  // namespace pga::plugins::logs
