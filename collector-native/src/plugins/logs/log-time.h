#pragma once
// PostgreSQL log timestamps to microseconds since the epoch (UTC). PostgreSQL writes them in log_timezone
// with the zone's abbreviation ("2026-11-27 10:11:43.044 UTC", "... CEST", "... +03"), so the offset comes
// from the abbreviation: numeric ones are read directly, UTC/GMT are zero, and the others are looked up in a
// table the plugin fills from the server (pg_timezone_names for log_timezone, pg_timezone_abbrevs).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pga::plugins::logs {

class ZoneTable {
 public:
  // Offset east of UTC in seconds for an abbreviation; nullopt when unknown.
  std::optional<int> offset_s(std::string_view abbrev) const;
  void set(const std::string& abbrev, int offset_s) { table_[abbrev] = offset_s; }
  size_t size() const { return table_.size(); }

 private:
  std::map<std::string, int, std::less<>> table_;
};

struct ParsedTime {
  int64_t us = 0;
  bool zone_known = true;  // false: an abbreviation the table lacks, read as UTC
};

// "YYYY-MM-DD HH:MM:SS[.ffffff] ZONE" (%m, %t, csvlog, jsonlog); nullopt when it is not such a timestamp.
std::optional<ParsedTime> parse_log_time(std::string_view text, const ZoneTable& zones);
// "%n": seconds since the epoch with milliseconds ("1795774333.059").
std::optional<int64_t> parse_epoch_time(std::string_view text);
// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace pga::plugins::logs
