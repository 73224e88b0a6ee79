#pragma once
// SQL of the checkpointer plugin per PostgreSQL version (13–18):
//   checkpoints and checkpoint buffers: pg_stat_bgwriter before 17, pg_stat_checkpointer from 17
//     (num_done and slru_written from 18); bgwriter counters: pg_stat_bgwriter (buffers_backend* before 17);
//   WAL generation: pg_stat_wal from 14 (wal_write/wal_sync and their times only 14–17);
//   I/O by backend type: pg_stat_io from 16 (read/write/extend_bytes from 18, reads * op_bytes before).
// Every view here has one row, except pg_stat_io whose rows are fixed by the server's build (about 80).
#include <string>

#include "plugins/common/view-counter-rows.h"

namespace pga::plugins::checkpointer {

inline constexpr int kPgStatWalSince = 140000;
inline constexpr int kPgStatIoSince = 160000;
inline constexpr int kPgStatCheckpointerSince = 170000;

// One row: every checkpointer-row counter under its schema field name, plus the stats_reset of each view
// as bgwriter_reset, checkpointer_reset and wal_reset.
std::string stats_sql(int version_num);
// pg_stat_io rows (PostgreSQL 16+), or "" before.
std::string io_sql(int version_num);

// The counters of the checkpointer row, in three groups that are reset independently
// (pg_stat_reset_shared('bgwriter' | 'checkpointer' | 'wal')).
const counters::Fields& checkpointer_fields();
const counters::Fields& bgwriter_fields();
const counters::Fields& wal_fields();
// The counters of one pg_stat_io row.
const counters::Fields& io_fields();

}  // namespace pga::plugins::checkpointer
