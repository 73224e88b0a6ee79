#include "plugins/logs/jsonlog-parser.h"

#include <cstdlib>

namespace pga::plugins::logs {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex4(std::string_view s, size_t pos, uint32_t* out) {
  if (pos + 4 > s.size()) return false;
  uint32_t v = 0;
  for (size_t i = pos; i < pos + 4; ++i) {
    const int h = hex_value(s[i]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *out = v;
  return true;
}

void put_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void skip_space(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
}

}  // namespace

bool read_json_string(std::string_view s, size_t& i, std::string& out) {
  out.clear();
  while (i < s.size()) {
    const char c = s[i++];
    if (c == '"') return true;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i >= s.size()) return false;
    const char e = s[i++];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        uint32_t cp = 0;
        if (!read_hex4(s, i, &cp)) return false;
        i += 4;
        uint32_t low = 0;
        if (cp >= 0xD800 && cp <= 0xDBFF && s.substr(i, 2) == "\\u" && read_hex4(s, i + 2, &low) &&
            low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        put_utf8(out, cp);
        break;
      }
      default: out += e; break;  // \" \\ \/
    }
  }
  return false;
}

bool scan_flat_json(std::string_view s, std::vector<FlatJsonField>& fields, bool* complete) {
  fields.clear();
  *complete = false;
  size_t i = 0;
  skip_space(s, i);
  if (i >= s.size() || s[i] != '{') return false;
  ++i;
  while (true) {
    skip_space(s, i);
    if (i >= s.size()) return true;
    if (s[i] == '}') {
      *complete = true;
      return true;
    }
    if (s[i] == ',') {
      ++i;
      continue;
    }
    if (s[i] != '"') return !fields.empty();
    ++i;
    FlatJsonField f;
    if (!read_json_string(s, i, f.key)) return true;
    skip_space(s, i);
    if (i >= s.size() || s[i] != ':') return true;
    ++i;
    skip_space(s, i);
    if (i >= s.size()) return true;
    if (s[i] == '"') {
      ++i;
      f.is_string = true;
      const bool closed = read_json_string(s, i, f.value);
      fields.push_back(std::move(f));
      if (!closed) return true;
    } else {
      const size_t start = i;
      while (i < s.size() && s[i] != ',' && s[i] != '}') ++i;
      f.value = std::string(s.substr(start, i - start));
      while (!f.value.empty() && f.value.back() == ' ') f.value.pop_back();
      fields.push_back(std::move(f));
    }
  }
}

void JsonlogParser::record(std::string_view text, const RecordMeta& meta, EventSink& sink) {
  bool complete = false;
  if (!scan_flat_json(text, fields_, &complete)) {
    ++unmatched_lines_;
    return;
  }
  const size_t cap = options_->max_event_bytes;
  LogEvent ev;
  ev.line_count = meta.lines;
  ev.truncated = meta.cut || !complete;
  std::string_view message, detail, hint, context, internal_query, statement;
  for (const auto& f : fields_) {
    const std::string& k = f.key;
    if (k == "timestamp") {
      if (auto t = parse_log_time(f.value, *options_->zones)) {
        ev.log_time_us = t->us;
        if (!t->zone_known) ++unknown_zones_;
      }
    } else if (k == "error_severity") {
      ev.severity = f.value;
    } else if (k == "state_code") {
      ev.sqlstate = f.value;
    } else if (k == "user") {
      ev.user_name = f.value;
    } else if (k == "dbname") {
      ev.database_name = f.value;
    } else if (k == "application_name") {
      if (!f.value.empty()) ev.application_name = f.value;
    } else if (k == "backend_type") {
      ev.backend_type = f.value;
    } else if (k == "pid") {
      ev.pid = static_cast<int32_t>(std::strtol(f.value.c_str(), nullptr, 10));
    } else if (k == "query_id") {
      const int64_t q = std::strtoll(f.value.c_str(), nullptr, 10);
      if (q != 0) ev.query_id = q;
    } else if (k == "message") {
      message = f.value;
    } else if (k == "detail") {
      detail = f.value;
    } else if (k == "hint") {
      hint = f.value;
    } else if (k == "context") {
      context = f.value;
    } else if (k == "internal_query") {
      internal_query = f.value;
    } else if (k == "statement") {
      statement = f.value;
    }
  }
  if (!is_primary_severity(ev.severity)) {
    ++unmatched_lines_;
    return;
  }
  append_capped(ev, ev.message, message, cap);
  set_capped(ev, ev.detail, detail, cap);
  set_capped(ev, ev.hint, hint, cap);
  set_capped(ev, ev.context, context, cap);
  set_capped(ev, ev.internal_query, internal_query, cap);
  set_capped(ev, ev.statement, statement, cap);
  sink.event(std::move(ev));
}

}  // namespace pga::plugins::logs
