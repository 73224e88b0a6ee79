#include "plugins/logs/log-time.h"

#include <cctype>

namespace pga::plugins::logs {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// "+03", "-0330", "+05:30" as written by tzdata zones without a letter abbreviation.
std::optional<int> numeric_offset(std::string_view z) {
  if (z.size() < 3 || (z[0] != '+' && z[0] != '-')) return std::nullopt;
  int64_t h = 0;
  int64_t m = 0;
  if (!digits(z, 1, 2, &h)) return std::nullopt;
  if (z.size() == 5 && !digits(z, 3, 2, &m)) return std::nullopt;
  if (z.size() == 6 && (z[3] != ':' || !digits(z, 4, 2, &m))) return std::nullopt;
  if (z.size() != 3 && z.size() != 5 && z.size() != 6) return std::nullopt;
  const int total = static_cast<int>(h * 3600 + m * 60);
  return z[0] == '-' ? -total : total;
}

}  // namespace

std::optional<int> ZoneTable::offset_s(std::string_view abbrev) const {
  if (abbrev == "UTC" || abbrev == "GMT" || abbrev == "UCT" || abbrev == "Z" || abbrev == "Etc/UTC") return 0;
  if (auto n = numeric_offset(abbrev)) return n;
  const auto it = table_.find(abbrev);
  if (it == table_.end()) return std::nullopt;
  return it->second;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<ParsedTime> parse_log_time(std::string_view s, const ZoneTable& zones) {
  // YYYY-MM-DD HH:MM:SS
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  if (!digits(s, 0, 4, &y) || !digits(s, 5, 2, &mo) || !digits(s, 8, 2, &d) || !digits(s, 11, 2, &h) ||
      !digits(s, 14, 2, &mi) || !digits(s, 17, 2, &se))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  size_t pos = 19;
  int64_t frac_us = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int64_t scale = 100000;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      frac_us += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
  }
  ParsedTime out;
  int offset = 0;
  if (pos < s.size() && s[pos] == ' ') {
    const std::string_view zone = s.substr(pos + 1);
    if (auto off = zones.offset_s(zone)) {
      offset = *off;
    } else {
      out.zone_known = false;
    }
  }
  const int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - offset;
  out.us = secs * 1000000 + frac_us;
  return out;
}

std::optional<int64_t> parse_epoch_time(std::string_view s) {
  const size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  if (whole.empty() || whole.size() > 12) return std::nullopt;
  int64_t secs = 0;
  if (!digits(whole, 0, whole.size(), &secs)) return std::nullopt;
  int64_t frac_us = 0;
  if (dot != std::string_view::npos) {
    int64_t scale = 100000;
    for (size_t i = dot + 1; i < s.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
      frac_us += (s[i] - '0') * scale;
      scale /= 10;
    }
  }
  return secs * 1000000 + frac_us;
}

}  // namespace pga::plugins::logs
