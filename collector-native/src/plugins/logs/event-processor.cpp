#include "plugins/logs/event-processor.h"

#include <array>
#include <string>

#include "pg/connection.h"
#include "plugins/logs/classify.h"
#include "plugins/logs/redact.h"
#include "plugins/logs/sql-normalize.h"

namespace pga::plugins::logs {
namespace {

constexpr std::string_view kMarkerText = "/* pga-agent */";

bool has_marker(const std::optional<std::string>& text) {
  return text && text->find(kMarkerText) != std::string::npos;
}

void redact_opt(std::optional<std::string>& field, bool numbers) {
  if (field) field = redact_text(*field, numbers);
}

// Numbers are data in client-facing messages (NOTICE and above), the server's own figures in LOG lines.
bool redact_numbers(const LogEvent& ev) {
  return !(ev.severity == "LOG" || ev.severity == "INFO" || ev.severity.rfind("DEBUG", 0) == 0);
}

void redact_event(LogEvent& ev) {
  const bool numbers = redact_numbers(ev);
  if (ev.message_sql_at != std::string::npos && ev.message_sql_at <= ev.message.size()) {
    ev.message = ev.message.substr(0, ev.message_sql_at) + normalize_sql(ev.message.substr(ev.message_sql_at));
  } else {
    ev.message = redact_text(ev.message, numbers);
  }
  // bind/execute parameters are the values themselves: dropped whole
  if (ev.detail && ev.detail->rfind("parameters: ", 0) == 0) ev.detail.reset();
  redact_opt(ev.detail, numbers);
  redact_opt(ev.hint, numbers);
  redact_opt(ev.context, numbers);
  if (ev.statement) ev.statement = normalize_sql(*ev.statement);
  if (ev.internal_query) ev.internal_query = normalize_sql(*ev.internal_query);
  if (ev.plan) ev.plan = redact_plan(*ev.plan);
}

// The schema has no field for the internal query of a PL/pgSQL error: it goes first in the context.
void fold_internal_query(LogEvent& ev) {
  if (!ev.internal_query) return;
  std::string ctx = "internal query: " + *ev.internal_query;
  if (ev.context) ctx += "\n" + *ev.context;
  ev.context = std::move(ctx);
  ev.internal_query.reset();
}

void sanitize(std::optional<std::string>& field) {
  if (field) sanitize_utf8(*field);
}

}  // namespace

bool is_own_event(const LogEvent& ev) {
  if (ev.application_name && *ev.application_name == pg::kApplicationName) return true;
  if (ev.message.find(kMarkerText) != std::string::npos || has_marker(ev.statement) ||
      has_marker(ev.internal_query))
    return true;
  // "connection authorized: user=... application_name=pga-agent": the session is the agent's own
  return ev.message.rfind("connection authorized:", 0) == 0 &&
         ev.message.find(" application_name=pga-agent") != std::string::npos;
}

void enforce_cap(LogEvent& ev, size_t max_event_bytes) {
  std::array<std::string*, 6> order = {
      ev.plan ? &*ev.plan : nullptr,       ev.statement ? &*ev.statement : nullptr,
      ev.context ? &*ev.context : nullptr, ev.detail ? &*ev.detail : nullptr,
      ev.hint ? &*ev.hint : nullptr,       &ev.message};
  for (std::string* field : order) {
    const size_t total = ev.text_bytes();
    if (total <= max_event_bytes) return;
    if (!field) continue;
    const size_t excess = total - max_event_bytes;
    const size_t keep = field->size() > excess ? field->size() - excess : 0;
    if (cut_utf8(*field, keep)) ev.truncated = true;
  }
}

bool process_event(LogEvent& ev, const ProcessOptions& options) {
  if (is_own_event(ev) || (ev.pid && options.own_pids.count(*ev.pid) > 0)) return false;
  classify(ev);
  if (options.redact) redact_event(ev);
  fold_internal_query(ev);
  ev.severity = normalized_severity(ev.severity);
  if (!ev.log_time_us) ev.log_time_us = options.fallback_time_us;
  enforce_cap(ev, options.max_event_bytes);
  sanitize_utf8(ev.message);
  sanitize(ev.detail);
  sanitize(ev.hint);
  sanitize(ev.context);
  sanitize(ev.statement);
  sanitize(ev.plan);
  sanitize(ev.database_name);
  sanitize(ev.user_name);
  sanitize(ev.application_name);
  sanitize(ev.backend_type);
  sanitize(ev.sqlstate);
  return true;
}

}  // namespace pga::plugins::logs
