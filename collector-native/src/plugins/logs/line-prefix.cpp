#include "plugins/logs/line-prefix.h"

#include <algorithm>
#include <cstdlib>

#include "plugins/logs/log-event.h"
#include "plugins/logs/prefix-escapes.h"

namespace pga::plugins::logs {
namespace {

constexpr int kStepBudget = 20000;
// Session values are short (names are at most 63 bytes, a host and port a few hundred): a longer run is
// not a prefix value, and the bound keeps matching linear in the line length.
constexpr size_t kMaxTextValue = 512;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::string_view> session_value(std::string_view v) {
  if (v.empty() || v == "[unknown]") return std::nullopt;
  return v;
}

std::string_view trim_spaces(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v;
}

}  // namespace

struct LinePrefix::State {
  std::string_view line;
  int steps = 0;
  std::vector<std::pair<size_t, size_t>> caps;
  size_t cut_at = std::string_view::npos;  // token index of the %q that ended the prefix
  std::string_view severity;
  std::string_view text;
};

LinePrefix LinePrefix::compile(std::string_view prefix) {
  LinePrefix lp;
  lp.text_ = std::string(prefix);
  std::string literal;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (prefix[i] != '%' || i + 1 >= prefix.size()) {
      literal += prefix[i];
      continue;
    }
    size_t j = i + 1;
    bool padded = false;
    if (prefix[j] == '-' || is_digit(prefix[j])) {  // padding, as in "%-10u"
      padded = true;
      if (prefix[j] == '-') ++j;
      while (j < prefix.size() && is_digit(prefix[j])) ++j;
      if (j >= prefix.size()) break;
    }
    const char esc = prefix[j];
    i = j;
    if (esc == '%') {
      literal += '%';
      continue;
    }
    if (!is_known_escape(esc)) continue;  // PostgreSQL prints nothing for it
    if (!literal.empty()) {
      lp.tokens_.push_back(Token{0, literal, false});
      literal.clear();
    }
    lp.tokens_.push_back(Token{esc, {}, padded});
  }
  if (!literal.empty()) lp.tokens_.push_back(Token{0, literal, false});
  return lp;
}

bool LinePrefix::has_escape(char escape) const {
  for (const auto& t : tokens_) {
    if (t.escape == escape) return true;
  }
  return false;
}

bool LinePrefix::finish(size_t pos, State& st) const {
  const std::string_view rest = st.line.substr(pos);
  const size_t colon = rest.substr(0, 10).find(':');  // the longest word, "STATEMENT", has 9 letters
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view word = rest.substr(0, colon);
  if (!is_primary_severity(word) && !is_secondary_label(word)) return false;
  if (rest.substr(colon, 3) != ":  ") return false;
  st.severity = word;
  st.text = rest.substr(colon + 3);
  return true;
}

bool LinePrefix::match_rest(size_t token, size_t pos, State& st) const {
  return token == tokens_.size() ? finish(pos, st) : match_from(token, pos, st);
}

bool LinePrefix::match_from(size_t token, size_t pos, State& st) const {
  if (++st.steps > kStepBudget) return false;
  const Token& tok = tokens_[token];
  const std::string_view line = st.line;
  if (tok.escape == 0) {
    if (line.substr(pos, tok.literal.size()) != tok.literal) return false;
    return match_rest(token + 1, pos + tok.literal.size(), st);
  }
  if (tok.escape == 'q') {
    if (finish(pos, st)) {  // a process without a session: the prefix ends here
      st.cut_at = token;
      return true;
    }
    return match_rest(token + 1, pos, st);
  }
  if (is_text_escape(tok.escape)) {
    // shortest value first; only ends where the following literal starts are worth trying
    const Token* next = token + 1 < tokens_.size() && tokens_[token + 1].escape == 0 ? &tokens_[token + 1] : nullptr;
    const size_t last = std::min(line.size(), pos + kMaxTextValue);
    for (size_t end = pos; end <= last; ++end) {
      if (++st.steps > kStepBudget) return false;
      if (next && (end >= line.size() || line[end] != next->literal[0])) continue;
      st.caps[token] = {pos, end};
      if (match_rest(token + 1, end, st)) return true;
      if (st.steps > kStepBudget) return false;
    }
    return false;
  }
  size_t start = pos;
  if (tok.padded) {
    while (start < line.size() && line[start] == ' ') ++start;
  }
  const size_t end = typed_escape_end(tok.escape, line, start);
  if (end == std::string_view::npos) return false;
  st.caps[token] = {start, end};
  if (!tok.padded) return match_rest(token + 1, end, st);
  for (size_t after = end; after <= line.size(); ++after) {  // left-justified padding follows the value
    if (match_rest(token + 1, after, st)) return true;
    if (after >= line.size() || line[after] != ' ') break;
  }
  return false;
}

std::optional<PrefixMatch> LinePrefix::match(std::string_view line, const ZoneTable& zones) const {
  State st;
  st.line = line;
  st.caps.assign(tokens_.size(), {0, 0});
  if (!match_rest(0, 0, st)) return std::nullopt;
  PrefixMatch m;
  m.severity = st.severity;
  m.text = st.text;
  std::optional<int64_t> t_m, t_n, t_t;
  bool zone_known = true;
  for (size_t i = 0; i < tokens_.size() && i < st.cut_at; ++i) {
    const Token& tok = tokens_[i];
    if (tok.escape == 0 || tok.escape == 'q') continue;
    const auto [b, e] = st.caps[i];
    const std::string_view v = trim_spaces(line.substr(b, e - b));
    switch (tok.escape) {
      case 'm':
      case 't':
        if (auto pt = parse_log_time(v, zones)) {
          (tok.escape == 'm' ? t_m : t_t) = pt->us;
          zone_known = zone_known && pt->zone_known;
        }
        break;
      case 'n': t_n = parse_epoch_time(v); break;
      case 'u': m.fields.user = session_value(v); break;
      case 'd': m.fields.database = session_value(v); break;
      case 'a': m.fields.application = session_value(v); break;
      case 'b': m.fields.backend_type = session_value(v); break;
      case 'e': m.fields.sqlstate = v; break;
      case 'p': m.fields.pid = static_cast<int32_t>(std::strtol(std::string(v).c_str(), nullptr, 10)); break;
      case 'Q': {
        const int64_t q = std::strtoll(std::string(v).c_str(), nullptr, 10);
        if (q != 0) m.fields.query_id = q;
        break;
      }
      default: break;
    }
  }
  m.fields.time_us = t_m ? t_m : (t_n ? t_n : t_t);
  m.fields.zone_known = t_m || !t_n ? zone_known : true;
  return m;
}

}  // namespace pga::plugins::logs
