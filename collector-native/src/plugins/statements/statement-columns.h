#pragma once
// The columns of pg_stat_statements the agent reads, in one table: output name (= schema field of
// metrics.statements.v1), the view column(s) that supply it ("new|old": the first the installed extension
// has), and how it travels. Columns come from the installed extension's view, not from the server version:
// after pg_upgrade the extension stays at its old version (and its function returns the old columns) until
// ALTER EXTENSION ... UPDATE.
//
//   1.8 (PG13)  total_exec_time, plans, total_plan_time, wal_records/fpi/bytes
//   1.9 (PG14)  toplevel; the pg_stat_statements_info view (dealloc, stats_reset)
//   1.10 (PG15) temp_blk_read_time/temp_blk_write_time, jit_*
//   1.11 (PG17) blk_read_time -> shared_blk_read_time (write too), local_blk_*_time, stats_since,
//               minmax_stats_since, jit_deform_*
//   1.12 (PG18) wal_buffers_full, parallel_workers_to_launch/launched (not in the schema)
//
// Counters are ordered "hot" first — the ones every entry uses — then "cold" ones (local and temp blocks,
// their times, JIT) that most entries leave at zero: the remembered sample keeps cold counters only for the
// entries that have some (statement-state.h).
#include <cstddef>
#include <cstring>

#include "plugins/common/stat-columns.h"

namespace pga::plugins::statements {

using stats::Column;
using stats::Kind;

inline constexpr Column kStatementColumns[] = {
    {"dbid", "dbid", Kind::kLong},
    {"userid", "userid", Kind::kLong},
    {"queryid", "queryid", Kind::kLong},
    {"toplevel", "toplevel", Kind::kBool, true},
    // hot counters
    {"calls", "calls", Kind::kCounter},
    {"plans", "plans", Kind::kCounter, true},
    {"rows", "rows", Kind::kCounter},
    {"total_exec_time_ms", "total_exec_time|total_time", Kind::kCounterMs},
    {"total_plan_time_ms", "total_plan_time", Kind::kCounterMs, true},
    {"shared_blks_hit", "shared_blks_hit", Kind::kCounter},
    {"shared_blks_read", "shared_blks_read", Kind::kCounter},
    {"shared_blks_dirtied", "shared_blks_dirtied", Kind::kCounter},
    {"shared_blks_written", "shared_blks_written", Kind::kCounter},
    {"shared_blk_read_time_ms", "shared_blk_read_time|blk_read_time", Kind::kCounterMs},
    {"shared_blk_write_time_ms", "shared_blk_write_time|blk_write_time", Kind::kCounterMs},
    {"wal_records", "wal_records", Kind::kCounter},
    {"wal_fpi", "wal_fpi", Kind::kCounter},
    {"wal_bytes", "wal_bytes", Kind::kCounter},
    // cold counters (kFirstColdCounter onwards)
    {"local_blks_hit", "local_blks_hit", Kind::kCounter},
    {"local_blks_read", "local_blks_read", Kind::kCounter},
    {"local_blks_dirtied", "local_blks_dirtied", Kind::kCounter},
    {"local_blks_written", "local_blks_written", Kind::kCounter},
    {"temp_blks_read", "temp_blks_read", Kind::kCounter},
    {"temp_blks_written", "temp_blks_written", Kind::kCounter},
    {"local_blk_read_time_ms", "local_blk_read_time", Kind::kCounterMs, true},
    {"local_blk_write_time_ms", "local_blk_write_time", Kind::kCounterMs, true},
    {"temp_blk_read_time_ms", "temp_blk_read_time", Kind::kCounterMs, true},
    {"temp_blk_write_time_ms", "temp_blk_write_time", Kind::kCounterMs, true},
    {"jit_functions", "jit_functions", Kind::kCounter, true},
    {"jit_generation_time_ms", "jit_generation_time", Kind::kCounterMs, true},
    {"jit_inlining_time_ms", "jit_inlining_time", Kind::kCounterMs, true},
    {"jit_optimization_time_ms", "jit_optimization_time", Kind::kCounterMs, true},
    {"jit_emission_time_ms", "jit_emission_time", Kind::kCounterMs, true},
    // gauges, sent as sampled
    {"min_exec_time_ms", "min_exec_time|min_time", Kind::kDouble, true},
    {"max_exec_time_ms", "max_exec_time|max_time", Kind::kDouble, true},
    {"mean_exec_time_ms", "mean_exec_time|mean_time", Kind::kDouble, true},
    {"stddev_exec_time_ms", "stddev_exec_time|stddev_time", Kind::kDouble, true},
};

inline constexpr size_t kCounters = stats::counter_count(kStatementColumns);

// Index among the counters of the counter named `field` (kCounters when there is none).
constexpr size_t counter_index(const char* field) {
  size_t k = 0;
  for (const Column& c : kStatementColumns) {
    if (!stats::is_counter(c.kind)) continue;
    const char* a = c.field;
    const char* b = field;
    while (*a != '\0' && *a == *b) {
      ++a;
      ++b;
    }
    if (*a == *b) return k;
    ++k;
  }
  return kCounters;
}

inline constexpr size_t kCalls = counter_index("calls");
inline constexpr size_t kPlans = counter_index("plans");
inline constexpr size_t kExecTime = counter_index("total_exec_time_ms");
inline constexpr size_t kPlanTime = counter_index("total_plan_time_ms");
inline constexpr size_t kFirstColdCounter = counter_index("local_blks_hit");
inline constexpr size_t kColdCounters = kCounters - kFirstColdCounter;
inline constexpr size_t kGauges = 4;  // min, max, mean, stddev of the execution time
static_assert(kCounters == 29 && kFirstColdCounter == 14, "update the hot/cold split with the table");

}  // namespace pga::plugins::statements
