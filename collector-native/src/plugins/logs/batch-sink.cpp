#include "plugins/logs/batch-sink.h"

namespace pga::plugins::logs {
namespace {

std::optional<std::string_view> view(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view(*s);
}

std::optional<int64_t> widen(const std::optional<int32_t>& v) {
  if (!v) return std::nullopt;
  return static_cast<int64_t>(*v);
}

}  // namespace

void write_event(avro::Batch& batch, const LogEvent& ev) {
  auto row = batch.add("events");
  row.set_timestamp_us("log_time", ev.log_time_us.value_or(0));
  row.set_string("severity", std::string_view(ev.severity));
  row.set_string("sqlstate", view(ev.sqlstate));
  row.set_string("category", std::string_view(ev.category));
  row.set_string("database_name", view(ev.database_name));
  row.set_string("user_name", view(ev.user_name));
  row.set_string("application_name", view(ev.application_name));
  row.set_long("pid", widen(ev.pid));
  row.set_string("backend_type", view(ev.backend_type));
  row.set_double("duration_ms", ev.duration_ms);
  row.set_string("message", std::string_view(ev.message));
  row.set_string("detail", view(ev.detail));
  row.set_string("hint", view(ev.hint));
  row.set_string("context", view(ev.context));
  row.set_string("statement", view(ev.statement));
  row.set_long("query_id", ev.query_id);
  row.set_string("plan", view(ev.plan));
  row.set_long("line_count", static_cast<int64_t>(ev.line_count));
  row.set_bool("truncated", ev.truncated);
}

LogEvent agent_notice(int64_t time_us, std::string message) {
  LogEvent ev;
  ev.log_time_us = time_us;
  ev.severity = "WARNING";
  ev.category = category::kOther;
  ev.backend_type = "pga-agent";
  ev.message = std::move(message);
  ev.line_count = 0;
  return ev;
}

void BatchSink::event(LogEvent&& ev) {
  if (!process_event(ev, options_)) {
    ++own_;
    return;
  }
  write_event(*batch_, ev);
  ++events_;
}

}  // namespace pga::plugins::logs
