#pragma once
// SQL of the activity plugin per PostgreSQL version (13–18). pg_stat_activity.query_id and
// pg_locks.waitstart exist from 14; before, query ids are null and a lock wait is timed from state_change.
// No query text is read: only whether it starts with the agent's marker ($1), computed in the server.
#include <string>

namespace pga::plugins::activity {

// pg_stat_activity is bounded by the server (max_connections + background processes); this LIMIT only
// guards against absurd settings. When it bites, the summary counts the rows read.
inline constexpr int kSessionRowsGuard = 100000;

// $1 = the marker comment. Columns: pid, datname, usename, application_name, backend_type, state,
// wait_event_type, wait_event, xact_age_s, query_age_s, state_change_age_s, marked, max_connections.
std::string sessions_sql(int version_num);

// $1 = the agent's own backend PIDs as an int[] literal ("{1,2}"), $2 = the cap on waiting sessions and on
// pairs. pg_blocking_pids() briefly locks the lock manager, so it runs only for sessions waiting on a
// heavyweight lock (and the plugin runs this statement only when the summary saw such a session); the
// longest waits are kept when capped. Columns: the BlockingPair fields.
std::string blocking_sql(int version_num);

}  // namespace pga::plugins::activity
