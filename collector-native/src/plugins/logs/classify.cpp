#include "plugins/logs/classify.h"

#include <array>
#include <cctype>
#include <cstdlib>
#include <string>

#include "plugins/logs/jsonlog-parser.h"

namespace pga::plugins::logs {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

template <size_t N>
bool starts_with_any(std::string_view s, const std::array<std::string_view, N>& prefixes) {
  for (auto p : prefixes) {
    if (starts_with(s, p)) return true;
  }
  return false;
}

constexpr std::array<std::string_view, 6> kCheckpoint = {
    "checkpoint starting:", "checkpoint complete:", "restartpoint starting:", "restartpoint complete:",
    "checkpoints are occurring too frequently", "recovery restart point at"};
constexpr std::array<std::string_view, 3> kAutovacuum = {"automatic vacuum", "automatic aggressive vacuum",
                                                         "automatic analyze"};
constexpr std::array<std::string_view, 6> kConnection = {
    "connection received:", "connection authenticated:", "connection authorized:",
    "replication connection authorized:", "disconnection:", "connection ready:"};
constexpr std::array<std::string_view, 5> kAuthWording = {
    "authentication failed for user",  // password, md5, scram, peer, ident, ldap, radius, cert
    "no pg_hba.conf entry for", "pg_hba.conf rejects connection", "certificate authentication failed",
    "could not authenticate"};

bool is_auth_failure(const LogEvent& ev) {
  if (ev.sqlstate && (*ev.sqlstate == "28P01" || *ev.sqlstate == "28000")) return true;
  if (ev.severity != "FATAL") return false;
  for (auto w : kAuthWording) {
    if (contains(ev.message, w)) return true;
  }
  return starts_with(ev.message, "role \"") && contains(ev.message, "\" does not exist");
}

bool is_deadlock(const LogEvent& ev) {
  if (ev.sqlstate && *ev.sqlstate == "40P01") return true;
  if (starts_with(ev.message, "deadlock detected")) return true;
  return starts_with(ev.message, "process ") && contains(ev.message, " detected deadlock while waiting for ");
}

bool is_lock_wait(const LogEvent& ev) {
  if (!starts_with(ev.message, "process ")) return false;
  return contains(ev.message, " still waiting for ") || contains(ev.message, " avoided deadlock for ") ||
         (contains(ev.message, " acquired ") && contains(ev.message, " after "));
}

// "statement: <sql>" or "execute|parse|bind <name>: <sql>" at `pos` of the message: where the SQL starts.
size_t statement_start(std::string_view message, size_t pos) {
  const std::string_view s = message.substr(pos);
  if (starts_with(s, "statement: ")) return pos + 11;
  for (std::string_view verb : {"execute ", "parse ", "bind "}) {
    if (!starts_with(s, verb)) continue;
    const size_t colon = s.find(": ", verb.size());
    const size_t nl = s.find('\n');
    if (colon != std::string_view::npos && colon < nl) return pos + colon + 2;
  }
  return std::string::npos;
}

bool plan_starts(std::string_view line) {
  return contains(line, "(cost=") || contains(line, "(actual ") || starts_with(line, "Query Parameters: ") ||
         starts_with(line, "Query Identifier: ");
}

// auto_explain: "duration: 1.2 ms  plan:\n<body>". Text plans start with "Query Text: <sql>" (the SQL can
// span lines) followed by the plan tree; JSON/YAML/XML plans carry "Query Text" as a key.
void split_plan(LogEvent& ev, size_t plan_word_end) {
  std::string_view body = std::string_view(ev.message).substr(plan_word_end);
  while (!body.empty() && (body.front() == '\n' || body.front() == ' ')) body.remove_prefix(1);
  std::optional<std::string> query;
  std::string plan;
  if (starts_with(body, "Query Text: ")) {
    size_t pos = 0;
    std::string q;
    bool in_plan = false;
    while (pos <= body.size()) {
      const size_t nl = body.find('\n', pos);
      const std::string_view line = body.substr(pos, (nl == std::string_view::npos ? body.size() : nl) - pos);
      if (pos == 0) {
        q = std::string(line.substr(12));
      } else if (!in_plan && !plan_starts(line)) {
        q += '\n';
        q.append(line.data(), line.size());
      } else {
        in_plan = true;
        if (!plan.empty()) plan += '\n';
        plan.append(line.data(), line.size());
      }
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
    query = std::move(q);
  } else {
    plan = std::string(body);
    const size_t key = body.find("\"Query Text\": \"");
    if (key != std::string_view::npos) {
      size_t i = key + 15;
      std::string q;
      read_json_string(body, i, q);
      query = std::move(q);
    }
  }
  if (query && !ev.statement) ev.statement = std::move(*query);
  ev.plan = std::move(plan);
  ev.message.resize(plan_word_end);
}

}  // namespace

std::optional<double> parse_duration(std::string_view m, std::string_view* rest) {
  if (!starts_with(m, "duration: ")) return std::nullopt;
  size_t p = 10;
  while (p < m.size() && (std::isdigit(static_cast<unsigned char>(m[p])) || m[p] == '.')) ++p;
  if (p == 10 || m.substr(p, 3) != " ms") return std::nullopt;
  const double ms = std::strtod(std::string(m.substr(10, p - 10)).c_str(), nullptr);
  if (rest) *rest = m.substr(p + 3);
  return ms;
}

void classify(LogEvent& ev) {
  std::string_view rest;
  if (auto ms = parse_duration(ev.message, &rest)) {
    ev.duration_ms = *ms;
    const size_t after_ms = ev.message.size() - rest.size();
    size_t pos = after_ms;
    while (pos < ev.message.size() && ev.message[pos] == ' ') ++pos;
    if (std::string_view(ev.message).substr(pos, 5) == "plan:") {
      split_plan(ev, pos + 5);
    } else {
      ev.message_sql_at = statement_start(ev.message, pos);
    }
  } else {
    ev.message_sql_at = statement_start(ev.message, 0);  // log_statement: "statement: ..."
  }
  if (ev.message_sql_at != std::string::npos && !ev.statement)
    ev.statement = ev.message.substr(ev.message_sql_at);

  const std::string_view m = ev.message;
  if (is_auth_failure(ev)) ev.category = category::kAuthFailure;
  else if (is_deadlock(ev)) ev.category = category::kDeadlock;
  else if (is_lock_wait(ev)) ev.category = category::kLockWait;
  else if (ev.duration_ms) ev.category = category::kSlowQuery;
  else if (starts_with_any(m, kCheckpoint)) ev.category = category::kCheckpoint;
  else if (starts_with_any(m, kAutovacuum) || starts_with(m, "canceling autovacuum task"))
    ev.category = category::kAutovacuum;
  else if (starts_with(m, "temporary file: ")) ev.category = category::kTempFile;
  else if (starts_with_any(m, kConnection)) ev.category = category::kConnection;
  else if (ev.severity == "ERROR" || ev.severity == "FATAL" || ev.severity == "PANIC") ev.category = category::kError;
  else ev.category = category::kOther;
}

}  // namespace pga::plugins::logs
