#include "plugins/logs/stderr-parser.h"

#include <string>

namespace pga::plugins::logs {

void StderrParser::start_event(const PrefixMatch& m, const RecordMeta& meta) {
  LogEvent ev;
  const PrefixFields& f = m.fields;
  ev.log_time_us = f.time_us;
  if (!f.zone_known) ++unknown_zones_;
  ev.severity = std::string(m.severity);
  if (f.sqlstate) ev.sqlstate = std::string(*f.sqlstate);
  if (f.database) ev.database_name = std::string(*f.database);
  if (f.user) ev.user_name = std::string(*f.user);
  if (f.application) ev.application_name = std::string(*f.application);
  if (f.backend_type) ev.backend_type = std::string(*f.backend_type);
  ev.pid = f.pid;
  ev.query_id = f.query_id;
  std::string_view text = m.text;
  if (auto code = split_verbose_sqlstate(text)) {
    if (!ev.sqlstate) ev.sqlstate = std::string(*code);
  }
  ev.line_count = meta.lines;
  ev.truncated = meta.cut;
  append_capped(ev, ev.message, text, options_->max_event_bytes);
  current_ = std::move(ev);
  last_part_ = Part::kMessage;
  pending_start_ = meta.offset;
}

void StderrParser::attach(std::string_view label, std::string_view text) {
  LogEvent& ev = *current_;
  const size_t cap = options_->max_event_bytes;
  const std::string_view body = text;
  if (label == "DETAIL") {
    set_capped(ev, ev.detail, body, cap);
    last_part_ = Part::kDetail;
  } else if (label == "HINT") {
    set_capped(ev, ev.hint, body, cap);
    last_part_ = Part::kHint;
  } else if (label == "CONTEXT") {
    set_capped(ev, ev.context, body, cap);
    last_part_ = Part::kContext;
  } else if (label == "STATEMENT") {
    set_capped(ev, ev.statement, body, cap);
    last_part_ = Part::kStatement;
  } else if (label == "QUERY") {
    set_capped(ev, ev.internal_query, body, cap);
    last_part_ = Part::kQuery;
  } else {
    last_part_ = Part::kNone;  // LOCATION: source file and line of the server, not reported
  }
}

void StderrParser::append_to_part(std::string_view text) {
  LogEvent& ev = *current_;
  const size_t cap = options_->max_event_bytes;
  std::optional<std::string>* field = nullptr;
  switch (last_part_) {
    case Part::kMessage:
      append_capped(ev, ev.message, "\n", cap);
      append_capped(ev, ev.message, text, cap);
      return;
    case Part::kDetail: field = &ev.detail; break;
    case Part::kHint: field = &ev.hint; break;
    case Part::kContext: field = &ev.context; break;
    case Part::kStatement: field = &ev.statement; break;
    case Part::kQuery: field = &ev.internal_query; break;
    case Part::kNone: return;
  }
  if (!*field) field->emplace();
  append_capped(ev, **field, "\n", cap);
  append_capped(ev, **field, text, cap);
}

void StderrParser::record(std::string_view text, const RecordMeta& meta, EventSink& sink) {
  if (!text.empty() && text.front() == '\t') {
    if (!current_) {
      ++unmatched_lines_;
      return;
    }
    current_->line_count += meta.lines;
    if (meta.cut) current_->truncated = true;
    append_to_part(text.substr(1));
    return;
  }
  const auto m = prefix_->match(text, *options_->zones);
  if (!m) {
    ++unmatched_lines_;
    return;
  }
  if (is_secondary_label(m->severity)) {
    if (!current_) {
      ++unmatched_lines_;
      return;
    }
    current_->line_count += meta.lines;
    if (meta.cut) current_->truncated = true;
    attach(m->severity, m->text);
    return;
  }
  if (current_) sink.event(std::move(*current_));
  start_event(*m, meta);
}

void StderrParser::flush(EventSink& sink) {
  if (current_) {
    sink.event(std::move(*current_));
    current_.reset();
  }
  last_part_ = Part::kNone;
}

}  // namespace pga::plugins::logs
