#include "plugins/logs/redact.h"

#include <array>
#include <cctype>

#include "plugins/logs/sql-normalize.h"

namespace pga::plugins::logs {
namespace {

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// What follows the value group of a key in PostgreSQL's constraint messages.
constexpr std::array<std::string_view, 6> kKeySuffixes = {
    " already exists", " is not present in table", " is still referenced from table", " is duplicated",
    " conflicts with existing key", " conflicts with key"};

// Index of the ')' closing the value group opened at `open`, or npos: the group then runs to the line end.
size_t group_end(std::string_view text, size_t open) {
  const size_t nl = text.find('\n', open);
  const size_t line_end = nl == std::string_view::npos ? text.size() : nl;
  const std::string_view line = text.substr(0, line_end);
  size_t best = std::string_view::npos;
  for (auto suffix : kKeySuffixes) {  // values may hold parentheses: the known suffix is the reliable end
    const size_t p = line.find(suffix, open);
    if (p != std::string_view::npos && p > open + 1 && line[p - 1] == ')' && p - 1 < best) best = p - 1;
  }
  if (best != std::string_view::npos) return best;
  if (ends_with(line, ").")) return line_end - 2;  // "Failing row contains (...)."
  int depth = 0;
  for (size_t i = open; i < line_end; ++i) {
    if (line[i] == '(') ++depth;
    if (line[i] == ')' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// "Key (email)=(alice@example.com)" → "Key (email)=(?)"; "Failing row contains (...)" → "(?)".
std::string redact_value_groups(std::string_view text) {
  static constexpr std::string_view kFailing = "Failing row contains (";
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t k = text.find(")=(", i);
    const size_t f = text.find(kFailing, i);
    if (k == std::string_view::npos && f == std::string_view::npos) break;
    const size_t open = (f == std::string_view::npos || (k != std::string_view::npos && k < f)) ? k + 2
                                                                                                  : f + kFailing.size() - 1;
    out.append(text.substr(i, open + 1 - i));
    out += '?';
    const size_t close = group_end(text, open);
    if (close == std::string_view::npos) {
      const size_t nl = text.find('\n', open);
      i = nl == std::string_view::npos ? text.size() : nl;
    } else {
      i = close;  // the ')' is copied with what follows
    }
  }
  out.append(text.substr(i < text.size() ? i : text.size()));
  return out;
}

size_t single_quote_end(std::string_view text, size_t pos) {  // pos: after the opening quote
  while (pos < text.size()) {
    if (text[pos] == '\'') {
      if (pos + 1 < text.size() && text[pos + 1] == '\'') {
        pos += 2;
        continue;
      }
      return pos;
    }
    ++pos;
  }
  return std::string_view::npos;
}

// Quoted literals, values after ": " / "value ", and (with `numbers`) standalone numbers of one line.
void redact_scalars(std::string_view line, bool numbers, std::string& out) {
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    const char prev = i > 0 ? line[i - 1] : ' ';
    if (c == '"') {
      const size_t close = line.find('"', i + 1);
      if (close == std::string_view::npos) {
        out.append(line.substr(i));
        return;
      }
      const std::string_view before = line.substr(0, i);
      if (ends_with(before, ": ") || ends_with(before, "value ")) {
        out += "\"?\"";
      } else {
        out.append(line.substr(i, close + 1 - i));
      }
      i = close + 1;
    } else if (c == '\'') {
      const bool apostrophe = i > 0 && is_alpha(prev) && i + 1 < line.size() && is_alpha(line[i + 1]);
      const size_t close = apostrophe ? std::string_view::npos : single_quote_end(line, i + 1);
      if (close == std::string_view::npos) {
        out += c;
        ++i;
      } else {
        out += '?';
        i = close + 1;
      }
    } else if (numbers && is_digit(c) && !word_char(prev)) {
      while (i < line.size() && (is_digit(line[i]) || (line[i] == '.' && i + 1 < line.size() && is_digit(line[i + 1]))))
        ++i;
      out += '?';
    } else {
      out += c;
      ++i;
    }
  }
}

// "Process 123: UPDATE ..." in a deadlock DETAIL: the statement's constants as in `statement`.
bool redact_deadlock_line(std::string_view line, bool numbers, std::string& out) {
  if (!starts_with(line, "Process ")) return false;
  size_t p = 8;
  while (p < line.size() && is_digit(line[p])) ++p;
  if (p == 8 || line.substr(p, 2) != ": ") return false;
  out += numbers ? std::string("Process ?") : std::string(line.substr(0, p));
  out += ": ";
  out += normalize_sql(line.substr(p + 2));
  return true;
}

// PL/pgSQL context: SQL statement "SELECT ... 'x'" → its constants replaced.
bool redact_sql_statement_line(std::string_view line, bool numbers, std::string& out) {
  static constexpr std::string_view kMark = "SQL statement \"";
  const size_t at = line.find(kMark);
  const size_t close = line.rfind('"');
  if (at == std::string_view::npos || close <= at + kMark.size() - 1) return false;
  redact_scalars(line.substr(0, at), numbers, out);
  out += kMark;
  out += normalize_sql(line.substr(at + kMark.size(), close - at - kMark.size()));
  out += '"';
  redact_scalars(line.substr(close + 1), numbers, out);
  return true;
}

bool constant_label(std::string_view label) {
  if (starts_with(label, "Rows Removed")) return false;
  return ends_with(label, "Cond") || ends_with(label, "Filter") || ends_with(label, "Condition") ||
         ends_with(label, "Key") || label == "Output";
}

std::string redact_plan_line(std::string_view line) {
  size_t indent = 0;
  while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
  const std::string_view body = line.substr(indent);
  std::string out(line.substr(0, indent));
  if (!body.empty() && body[0] == '"') {  // JSON: "Key": value
    const size_t key_end = body.find("\": ", 1);
    if (key_end != std::string_view::npos) {
      const std::string_view key = body.substr(1, key_end - 1);
      std::string_view value = body.substr(key_end + 3);
      out.append(body.substr(0, key_end + 3));
      // a string value: work inside its quotes (else the SQL lexer would read it as one identifier)
      std::string_view tail;
      const size_t close = value.rfind('"');
      if (!value.empty() && value.front() == '"' && close > 0) {
        tail = value.substr(close);
        value = value.substr(1, close - 1);
        out += '"';
      }
      if (key == "Query Text") out += normalize_sql(value);
      else if (constant_label(key)) out += replace_sql_constants(value, "?");
      else redact_scalars(value, false, out);
      out.append(tail.data(), tail.size());
      return out;
    }
  }
  const size_t colon = body.find(": ");
  if (starts_with(body, "Query Text: ")) {
    out += "Query Text: ";
    out += normalize_sql(body.substr(12));
  } else if (colon != std::string_view::npos && constant_label(body.substr(0, colon))) {
    out.append(body.substr(0, colon + 2));
    out += replace_sql_constants(body.substr(colon + 2), "?");
  } else {
    redact_scalars(body, false, out);
  }
  return out;
}

}  // namespace

std::string redact_text(std::string_view text, bool numbers) {
  const std::string grouped = redact_value_groups(text);
  const std::string_view g(grouped);
  std::string out;
  out.reserve(g.size());
  size_t start = 0;
  while (start <= g.size()) {
    const size_t nl = g.find('\n', start);
    const size_t end = nl == std::string_view::npos ? g.size() : nl;
    const std::string_view line = g.substr(start, end - start);
    if (!redact_deadlock_line(line, numbers, out) && !redact_sql_statement_line(line, numbers, out))
      redact_scalars(line, numbers, out);
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

std::string redact_plan(std::string_view plan) {
  std::string out;
  out.reserve(plan.size());
  size_t start = 0;
  bool first = true;
  while (start <= plan.size()) {
    const size_t nl = plan.find('\n', start);
    const size_t end = nl == std::string_view::npos ? plan.size() : nl;
    const std::string_view line = plan.substr(start, end - start);
    size_t indent = 0;
    while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
    const std::string_view body = line.substr(indent);
    const bool parameters = starts_with(body, "Query Parameters: ") || starts_with(body, "\"Query Parameters\": ");
    if (!parameters) {
      if (!first) out += '\n';
      out += redact_plan_line(line);
      first = false;
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace pga::plugins::logs
