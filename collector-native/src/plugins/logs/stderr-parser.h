#pragma once
// stderr log lines to events. A line that matches log_line_prefix with a primary severity (LOG, ERROR, ...)
// starts an event; DETAIL, HINT, CONTEXT, STATEMENT and QUERY lines attach to the event before them (LOCATION
// is dropped); a line starting with a TAB continues the last part (PostgreSQL indents the continuation
// lines of multi-line messages and statements that way). Other lines — output of archive_command, or a
// log_line_prefix that is not the one configured — are counted as unmatched.
#include <optional>
#include <string_view>

#include "plugins/logs/line-prefix.h"
#include "plugins/logs/record-parser.h"

namespace pga::plugins::logs {

class StderrParser : public RecordParser {
 public:
  StderrParser(const LinePrefix* prefix, const ParseOptions* options) : prefix_(prefix), options_(options) {}

  void record(std::string_view text, const RecordMeta& meta, EventSink& sink) override;
  void flush(EventSink& sink) override;
  std::optional<uint64_t> pending_start() const override {
    return current_ ? std::optional<uint64_t>(pending_start_) : std::nullopt;
  }

 private:
  enum class Part { kMessage, kDetail, kHint, kContext, kStatement, kQuery, kNone };
  void start_event(const PrefixMatch& m, const RecordMeta& meta);
  void attach(std::string_view label, std::string_view text);
  void append_to_part(std::string_view text);

  const LinePrefix* prefix_;
  const ParseOptions* options_;
  std::optional<LogEvent> current_;
  Part last_part_ = Part::kNone;
  uint64_t pending_start_ = 0;
};

}  // namespace pga::plugins::logs
