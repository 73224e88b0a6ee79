#pragma once
// Helpers of the logs plugin's tests: fixtures (real PostgreSQL 15 output, test/data/logs/README.md), a sink
// that keeps events, and feeding a parser a whole text through the record reader in small chunks (so
// records crossing chunk boundaries are exercised everywhere).
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "plugins/logs/event-processor.h"
#include "plugins/logs/record-parser.h"
#include "plugins/logs/record-reader.h"

namespace pga::plugins::logs::test {

inline std::string fixture_path(const std::string& name) { return std::string(PGA_TEST_DATA_DIR) + "/logs/" + name; }

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Keeps events; with `process`, runs them through process_event first (own events counted, not kept).
struct CollectingSink : EventSink {
  std::vector<LogEvent> events;
  size_t max_events = std::numeric_limits<size_t>::max();
  bool process = false;
  ProcessOptions options;
  size_t own = 0;

  void event(LogEvent&& ev) override {
    if (process && !process_event(ev, options)) {
      ++own;
      return;
    }
    events.push_back(std::move(ev));
  }
  bool full() const override { return events.size() >= max_events; }
};

inline void feed_text(RecordParser& parser, RecordReader& reader, const std::string& text, EventSink& sink,
                      size_t chunk = 97) {
  const RecordReader::Callback cb = [&](std::string_view rec, const RecordMeta& meta) {
    parser.record(rec, meta, sink);
    return true;
  };
  for (size_t off = 0; off < text.size(); off += chunk) {
    const std::string_view part = std::string_view(text).substr(off, chunk);
    reader.feed(part, off, cb);
  }
  reader.finish(cb);
  parser.flush(sink);
}

// Events of `text`, raw (as parsed) or processed (classified and redacted).
template <typename Parser>
std::vector<LogEvent> parse_all(Parser& parser, RecordReader::Mode mode, const std::string& text, bool process,
                                bool redact = true) {
  CollectingSink sink;
  sink.process = process;
  sink.options.redact = redact;
  RecordReader reader(mode, 1 << 20);
  feed_text(parser, reader, text, sink);
  return std::move(sink.events);
}

inline const LogEvent* find_event(const std::vector<LogEvent>& events, const std::string& needle) {
  for (const auto& e : events) {
    if (e.message.find(needle) != std::string::npos) return &e;
  }
  return nullptr;
}

}  // namespace pga::plugins::logs::test
