#pragma once
// Classification of a parsed event into the schema's categories, from its SQLSTATE when the format carries
// one and from the wording of PostgreSQL's messages (lc_messages must be English — C or en_* — for the
// wording rules; SQLSTATE rules work in any language). First match wins:
//   auth_failure  28P01/28000, or FATAL "password authentication failed", "no pg_hba.conf entry", ...
//   deadlock      40P01, "deadlock detected", "process N detected deadlock while waiting for ..."
//   lock_wait     "process N still waiting for ShareLock on ...", "... acquired ... after", log_lock_waits
//   slow_query    "duration: 12.3 ms  statement|execute|parse|bind ...: <sql>" and auto_explain "... plan:"
//   checkpoint    "checkpoint starting/complete", "restartpoint ...", "checkpoints are occurring too frequently"
//   autovacuum    "automatic [aggressive ]vacuum of table", "automatic analyze of table", "canceling autovacuum task"
//   temp_file     "temporary file: path \"...\", size N"
//   connection    "connection received/authenticated/authorized", "disconnection:"
//   error         any other ERROR, FATAL or PANIC
//   other         the rest
// It also moves what the message embeds into its own fields: the duration, the statement of
// "statement: ..." / "execute <name>: ..." lines, and the plan and query text of auto_explain.
#include <optional>
#include <string_view>

#include "plugins/logs/log-event.h"

namespace pga::plugins::logs {

void classify(LogEvent& ev);

// "duration: 1234.567 ms..." → 1234.567 and the text after "ms".
std::optional<double> parse_duration(std::string_view message, std::string_view* rest);

}  // namespace pga::plugins::logs
