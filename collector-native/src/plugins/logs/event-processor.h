#pragma once
// What happens to a parsed event before it is sent: the agent's own events are left out, the event is
// classified, redacted (by default) and fitted to the byte cap, and its text made valid UTF-8.
#include <cstdint>
#include <set>

#include "plugins/logs/log-event.h"

namespace pga::plugins::logs {

struct ProcessOptions {
  bool redact = true;
  size_t max_event_bytes = 65536;
  int64_t fallback_time_us = 0;  // for formats/prefixes without a timestamp: when the agent read the line
  std::set<int> own_pids;        // backends of the agent's open sessions: their connection lines are its own
};

// The agent's own activity: application_name "pga-agent", or the marker comment in its text (the agent's
// connections are refused a place in what it reports, like its queries in pg_stat_statements).
bool is_own_event(const LogEvent& ev);

// Classifies, redacts and caps `ev` in place. Returns false when the event must be left out: the agent's,
// by its text or by the pid of one of the agent's sessions.
bool process_event(LogEvent& ev, const ProcessOptions& options);

// Cuts the event's fields to max_event_bytes in total: the plan first, then the statement, context,
// detail, hint, and the message last (it says what happened).
void enforce_cap(LogEvent& ev, size_t max_event_bytes);

}  // namespace pga::plugins::logs
