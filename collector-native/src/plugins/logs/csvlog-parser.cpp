#include "plugins/logs/csvlog-parser.h"

#include <cstdlib>

namespace pga::plugins::logs {
namespace {

enum Column : size_t {
  kLogTime = 0,
  kUserName = 1,
  kDatabaseName = 2,
  kProcessId = 3,
  kSeverity = 11,
  kSqlState = 12,
  kMessage = 13,
  kDetail = 14,
  kHint = 15,
  kInternalQuery = 16,
  kContext = 18,
  kQuery = 19,
  kApplicationName = 22,
  kBackendType = 23,
  kQueryId = 25,
};

}  // namespace

void split_csv(std::string_view rec, std::vector<std::string>& fields) {
  size_t used = 0;
  size_t i = 0;
  auto next_field = [&]() -> std::string& {
    if (used == fields.size()) fields.emplace_back();
    std::string& f = fields[used++];
    f.clear();
    return f;
  };
  while (true) {
    std::string& f = next_field();
    if (i < rec.size() && rec[i] == '"') {
      ++i;
      while (i < rec.size()) {
        if (rec[i] == '"') {
          if (i + 1 < rec.size() && rec[i + 1] == '"') {
            f += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        f += rec[i++];
      }
      // anything between the closing quote and the comma is malformed; keep it rather than lose it
      while (i < rec.size() && rec[i] != ',') f += rec[i++];
    } else {
      const size_t comma = rec.find(',', i);
      const size_t end = comma == std::string_view::npos ? rec.size() : comma;
      f.assign(rec.data() + i, end - i);
      i = end;
    }
    if (i >= rec.size()) break;
    ++i;  // the comma
  }
  fields.resize(used);
}

void CsvlogParser::record(std::string_view text, const RecordMeta& meta, EventSink& sink) {
  split_csv(text, fields_);
  const auto& f = fields_;
  const auto col = [&](size_t c) -> std::string_view { return c < f.size() ? std::string_view(f[c]) : ""; };
  if (f.size() <= kMessage || !is_primary_severity(col(kSeverity))) {
    ++unmatched_lines_;
    return;
  }
  const size_t cap = options_->max_event_bytes;
  LogEvent ev;
  if (auto t = parse_log_time(col(kLogTime), *options_->zones)) {
    ev.log_time_us = t->us;
    if (!t->zone_known) ++unknown_zones_;
  }
  ev.severity = std::string(col(kSeverity));
  if (!col(kSqlState).empty()) ev.sqlstate = std::string(col(kSqlState));
  if (!col(kUserName).empty()) ev.user_name = std::string(col(kUserName));
  if (!col(kDatabaseName).empty()) ev.database_name = std::string(col(kDatabaseName));
  if (!col(kApplicationName).empty()) ev.application_name = std::string(col(kApplicationName));
  if (!col(kBackendType).empty()) ev.backend_type = std::string(col(kBackendType));
  if (!col(kProcessId).empty()) ev.pid = static_cast<int32_t>(std::strtol(f[kProcessId].c_str(), nullptr, 10));
  if (!col(kQueryId).empty()) {
    const int64_t q = std::strtoll(f[kQueryId].c_str(), nullptr, 10);
    if (q != 0) ev.query_id = q;
  }
  ev.line_count = meta.lines;
  ev.truncated = meta.cut;
  append_capped(ev, ev.message, col(kMessage), cap);
  set_capped(ev, ev.detail, col(kDetail), cap);
  set_capped(ev, ev.hint, col(kHint), cap);
  set_capped(ev, ev.context, col(kContext), cap);
  set_capped(ev, ev.internal_query, col(kInternalQuery), cap);
  set_capped(ev, ev.statement, col(kQuery), cap);
  sink.event(std::move(ev));
}

}  // namespace pga::plugins::logs
