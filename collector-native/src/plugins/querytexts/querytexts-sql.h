#pragma once
// The text query of the querytexts plugin. pg_stat_statements(showtext := true) reads the whole text file
// on the server, so texts are fetched rarely (new queryids, and a slow refresh) and for a list of queryids
// at a time. What reaches the agent is bounded in SQL: each text is cut to max_bytes characters, and only
// texts within a byte budget (a running sum, in queryid order) are returned; the others come back with a
// null query and wait for the next run (the first text always comes, so none waits forever).
#include <string>

#include "plugins/common/pgss-extension.h"

namespace pga::plugins::querytexts {

// $1 queryids (bigint[]), $2 max characters per text, $3 byte budget of the answer.
// Columns: dbid, userid, queryid, toplevel, query_length (bytes of the full text), query (null: over budget).
std::string texts_sql(const pgss::Extension& ext);

}  // namespace pga::plugins::querytexts
