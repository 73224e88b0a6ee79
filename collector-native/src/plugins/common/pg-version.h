#pragma once
// server_version_num thresholds of the PostgreSQL releases whose statistics views differ (13 is the oldest
// the agent supports).
namespace pga::plugins::pgversion {

inline constexpr int kPg13 = 130000;
inline constexpr int kPg14 = 140000;  // pg_stat_database session stats, pg_stat_statements toplevel/_info
inline constexpr int kPg15 = 150000;
inline constexpr int kPg16 = 160000;  // last_seq_scan/last_idx_scan, n_tup_newpage_upd
inline constexpr int kPg17 = 170000;
inline constexpr int kPg18 = 180000;  // parallel_workers_*, total_*vacuum/analyze_time

}  // namespace pga::plugins::pgversion
