#pragma once
// The seam between reading files and understanding them: a RecordParser (one per followed file, so a
// multi-line stderr event never mixes two files) turns records into LogEvents and hands them to an
// EventSink (the plugin's: filter, classify, redact, write the Avro row). The sink says when it is full;
// reading then stops after the current record and resumes there at the next collection.
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "plugins/logs/log-event.h"
#include "plugins/logs/log-time.h"
#include "plugins/logs/record-reader.h"

namespace pga::plugins::logs {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void event(LogEvent&& ev) = 0;
  virtual bool full() const = 0;
};

// What every parser needs; owned by the plugin, outliving the parsers.
struct ParseOptions {
  const ZoneTable* zones = nullptr;
  size_t max_event_bytes = 65536;
};

class RecordParser {
 public:
  virtual ~RecordParser() = default;
  virtual void record(std::string_view text, const RecordMeta& meta, EventSink& sink) = 0;
  // No more bytes for now: an event still being assembled is complete (PostgreSQL writes each message,
  // DETAIL and STATEMENT included, in one write).
  virtual void flush(EventSink& sink) = 0;
  // File offset where the event being assembled began, so that a restart reads it again.
  virtual std::optional<uint64_t> pending_start() const { return std::nullopt; }

  uint64_t unmatched_lines() const { return unmatched_lines_; }
  uint64_t unknown_zones() const { return unknown_zones_; }

 protected:
  uint64_t unmatched_lines_ = 0;
  uint64_t unknown_zones_ = 0;
};

// Appends `add` to `field` within the event's byte cap; marks the event truncated when it cuts.
void append_capped(LogEvent& ev, std::string& field, std::string_view add, size_t max_event_bytes);
// Sets an optional text field within the cap (null stays null for an empty value).
void set_capped(LogEvent& ev, std::optional<std::string>& field, std::string_view value, size_t max_event_bytes);
// "42P01: relation ..." (log_error_verbosity = verbose without %e): the SQLSTATE and the message after it.
std::optional<std::string_view> split_verbose_sqlstate(std::string_view& message);

}  // namespace pga::plugins::logs
