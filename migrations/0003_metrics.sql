-- One table per `pga.table` of the metric and log schemas (schemas/*.avsc): `time` (envelope.collected_at),
-- `server_id`, then exactly the row record's fields, same names, same order (long -> bigint, int -> integer,
-- double -> double precision, timestamp-micros -> timestamptz; ["null", T] -> nullable). The contract test
-- (test/migrations/schema-contract.test.ts) holds these tables and the schemas together.
--
-- CHECK constraints refuse values that can never be right (a negative delta, size or count; a percentage
-- outside 0..100): ingest dead-letters such a batch instead of storing it. Lags, ages and OIDs are left
-- unchecked because a sampling race can make them briefly negative.
--
-- The tables are created here as ordinary tables; the mode file of this migration turns each one into a
-- hypertable (TimescaleDB) or a partitioned table (plain), and 0004 indexes them.

-- metrics.activity.v1 `sessions`: One row per group of sessions (collector sessions excluded).
CREATE TABLE activity_sessions (
  time                       timestamptz       NOT NULL,
  server_id                  text              NOT NULL,
  datname                    text,
  usename                    text,
  application_name           text,
  backend_type               text              NOT NULL,
  state                      text,
  wait_event_type            text,
  wait_event                 text,
  count                      integer           NOT NULL CHECK (count >= 0),
  oldest_xact_age_s          double precision,
  oldest_query_age_s         double precision,
  oldest_state_change_age_s  double precision
);

-- metrics.activity.v1 `blocking`: One row per (blocked, blocking) pair, capped by the agent.
CREATE TABLE activity_blocking (
  time               timestamptz       NOT NULL,
  server_id          text              NOT NULL,
  blocked_pid        integer           NOT NULL,
  blocking_pid       integer           NOT NULL,
  blocked_usename    text,
  blocking_usename   text,
  blocked_datname    text,
  blocking_datname   text,
  blocked_query_id   bigint,
  blocking_query_id  bigint,
  blocking_state     text,
  wait_event_type    text,
  wait_event         text,
  lock_type          text,
  wait_s             double precision  NOT NULL CHECK (wait_s >= 0)
);

-- metrics.activity.v1 `summary`: Exactly one row.
CREATE TABLE activity_summary (
  time                           timestamptz       NOT NULL,
  server_id                      text              NOT NULL,
  total                          integer           NOT NULL CHECK (total >= 0),
  active                         integer           NOT NULL CHECK (active >= 0),
  idle                           integer           NOT NULL CHECK (idle >= 0),
  idle_in_transaction            integer           NOT NULL CHECK (idle_in_transaction >= 0),
  waiting                        integer           NOT NULL CHECK (waiting >= 0),
  max_connections                integer           NOT NULL CHECK (max_connections >= 0),
  oldest_xact_age_s              double precision,
  oldest_query_age_s             double precision,
  longest_idle_in_transaction_s  double precision
);

-- metrics.checkpointer.v1 `checkpointer`: Exactly one row.
CREATE TABLE checkpointer_stats (
  time                      timestamptz       NOT NULL,
  server_id                 text              NOT NULL,
  checkpoints_timed         bigint            NOT NULL CHECK (checkpoints_timed >= 0),
  checkpoints_requested     bigint            NOT NULL CHECK (checkpoints_requested >= 0),
  checkpoints_done          bigint            CHECK (checkpoints_done >= 0),
  checkpoint_write_time_ms  double precision  NOT NULL CHECK (checkpoint_write_time_ms >= 0),
  checkpoint_sync_time_ms   double precision  NOT NULL CHECK (checkpoint_sync_time_ms >= 0),
  buffers_checkpoint        bigint            NOT NULL CHECK (buffers_checkpoint >= 0),
  buffers_clean             bigint            NOT NULL CHECK (buffers_clean >= 0),
  maxwritten_clean          bigint            NOT NULL CHECK (maxwritten_clean >= 0),
  buffers_backend           bigint            CHECK (buffers_backend >= 0),
  buffers_backend_fsync     bigint            CHECK (buffers_backend_fsync >= 0),
  buffers_alloc             bigint            NOT NULL CHECK (buffers_alloc >= 0),
  restartpoints_timed       bigint            CHECK (restartpoints_timed >= 0),
  restartpoints_requested   bigint            CHECK (restartpoints_requested >= 0),
  restartpoints_done        bigint            CHECK (restartpoints_done >= 0),
  slru_written              bigint            CHECK (slru_written >= 0),
  wal_records               bigint            CHECK (wal_records >= 0),
  wal_fpi                   bigint            CHECK (wal_fpi >= 0),
  wal_bytes                 bigint            CHECK (wal_bytes >= 0),
  wal_buffers_full          bigint            CHECK (wal_buffers_full >= 0),
  wal_write                 bigint            CHECK (wal_write >= 0),
  wal_sync                  bigint            CHECK (wal_sync >= 0),
  wal_write_time_ms         double precision  CHECK (wal_write_time_ms >= 0),
  wal_sync_time_ms          double precision  CHECK (wal_sync_time_ms >= 0),
  reset                     boolean           NOT NULL
);

-- metrics.checkpointer.v1 `io`: One row per pg_stat_io row; empty before PG16.
CREATE TABLE io_stats (
  time               timestamptz       NOT NULL,
  server_id          text              NOT NULL,
  backend_type       text              NOT NULL,
  object             text              NOT NULL,
  context            text              NOT NULL,
  reads              bigint            CHECK (reads >= 0),
  read_bytes         bigint            CHECK (read_bytes >= 0),
  read_time_ms       double precision  CHECK (read_time_ms >= 0),
  writes             bigint            CHECK (writes >= 0),
  write_bytes        bigint            CHECK (write_bytes >= 0),
  write_time_ms      double precision  CHECK (write_time_ms >= 0),
  writebacks         bigint            CHECK (writebacks >= 0),
  writeback_time_ms  double precision  CHECK (writeback_time_ms >= 0),
  extends            bigint            CHECK (extends >= 0),
  extend_bytes       bigint            CHECK (extend_bytes >= 0),
  extend_time_ms     double precision  CHECK (extend_time_ms >= 0),
  hits               bigint            CHECK (hits >= 0),
  evictions          bigint            CHECK (evictions >= 0),
  reuses             bigint            CHECK (reuses >= 0),
  fsyncs             bigint            CHECK (fsyncs >= 0),
  fsync_time_ms      double precision  CHECK (fsync_time_ms >= 0),
  reset              boolean           NOT NULL
);

-- metrics.database.v1 `databases`: One row per database (template databases excluded).
CREATE TABLE database_stats (
  time                         timestamptz       NOT NULL,
  server_id                    text              NOT NULL,
  datid                        bigint            NOT NULL,
  datname                      text              NOT NULL,
  numbackends                  integer           NOT NULL CHECK (numbackends >= 0),
  xact_commit                  bigint            NOT NULL CHECK (xact_commit >= 0),
  xact_rollback                bigint            NOT NULL CHECK (xact_rollback >= 0),
  blks_read                    bigint            NOT NULL CHECK (blks_read >= 0),
  blks_hit                     bigint            NOT NULL CHECK (blks_hit >= 0),
  tup_returned                 bigint            NOT NULL CHECK (tup_returned >= 0),
  tup_fetched                  bigint            NOT NULL CHECK (tup_fetched >= 0),
  tup_inserted                 bigint            NOT NULL CHECK (tup_inserted >= 0),
  tup_updated                  bigint            NOT NULL CHECK (tup_updated >= 0),
  tup_deleted                  bigint            NOT NULL CHECK (tup_deleted >= 0),
  conflicts                    bigint            NOT NULL CHECK (conflicts >= 0),
  temp_files                   bigint            NOT NULL CHECK (temp_files >= 0),
  temp_bytes                   bigint            NOT NULL CHECK (temp_bytes >= 0),
  deadlocks                    bigint            NOT NULL CHECK (deadlocks >= 0),
  checksum_failures            bigint            CHECK (checksum_failures >= 0),
  blk_read_time_ms             double precision  NOT NULL CHECK (blk_read_time_ms >= 0),
  blk_write_time_ms            double precision  NOT NULL CHECK (blk_write_time_ms >= 0),
  session_time_ms              double precision  CHECK (session_time_ms >= 0),
  active_time_ms               double precision  CHECK (active_time_ms >= 0),
  idle_in_transaction_time_ms  double precision  CHECK (idle_in_transaction_time_ms >= 0),
  sessions                     bigint            CHECK (sessions >= 0),
  sessions_abandoned           bigint            CHECK (sessions_abandoned >= 0),
  sessions_fatal               bigint            CHECK (sessions_fatal >= 0),
  sessions_killed              bigint            CHECK (sessions_killed >= 0),
  parallel_workers_to_launch   bigint            CHECK (parallel_workers_to_launch >= 0),
  parallel_workers_launched    bigint            CHECK (parallel_workers_launched >= 0),
  size_bytes                   bigint            NOT NULL CHECK (size_bytes >= 0),
  frozen_xid_age               bigint            NOT NULL CHECK (frozen_xid_age >= 0),
  min_mxid_age                 bigint            CHECK (min_mxid_age >= 0),
  stats_reset                  timestamptz,
  reset                        boolean           NOT NULL
);

-- metrics.indexes.v1 `indexes`: One row per user index.
CREATE TABLE index_stats (
  time           timestamptz  NOT NULL,
  server_id      text         NOT NULL,
  datname        text         NOT NULL,
  schemaname     text         NOT NULL,
  relname        text         NOT NULL,
  indexrelname   text         NOT NULL,
  relid          bigint       NOT NULL,
  indexrelid     bigint       NOT NULL,
  idx_scan       bigint       NOT NULL CHECK (idx_scan >= 0),
  idx_tup_read   bigint       NOT NULL CHECK (idx_tup_read >= 0),
  idx_tup_fetch  bigint       NOT NULL CHECK (idx_tup_fetch >= 0),
  last_idx_scan  timestamptz,
  idx_blks_read  bigint       NOT NULL CHECK (idx_blks_read >= 0),
  idx_blks_hit   bigint       NOT NULL CHECK (idx_blks_hit >= 0),
  size_bytes     bigint       NOT NULL CHECK (size_bytes >= 0),
  is_unique      boolean      NOT NULL,
  is_primary     boolean      NOT NULL,
  is_valid       boolean      NOT NULL,
  definition     text         NOT NULL,
  reset          boolean      NOT NULL
);

-- metrics.replication.v1 `replicas`: One row per connected standby or logical subscriber.
CREATE TABLE replication_stats (
  time              timestamptz       NOT NULL,
  server_id         text              NOT NULL,
  pid               integer           NOT NULL,
  usename           text,
  application_name  text              NOT NULL,
  client_addr       text,
  state             text              NOT NULL,
  sync_state        text              NOT NULL,
  sync_priority     integer,
  sent_lag_bytes    bigint,
  write_lag_bytes   bigint,
  flush_lag_bytes   bigint,
  replay_lag_bytes  bigint,
  write_lag_ms      double precision,
  flush_lag_ms      double precision,
  replay_lag_ms     double precision,
  backend_xmin_age  bigint,
  reply_time        timestamptz
);

-- metrics.replication.v1 `slots`: One row per slot.
CREATE TABLE replication_slots (
  time                 timestamptz  NOT NULL,
  server_id            text         NOT NULL,
  slot_name            text         NOT NULL,
  slot_type            text         NOT NULL,
  plugin               text,
  database             text,
  active               boolean      NOT NULL,
  temporary            boolean      NOT NULL,
  retained_wal_bytes   bigint,
  wal_status           text,
  safe_wal_size        bigint,
  xmin_age             bigint,
  catalog_xmin_age     bigint,
  conflicting          boolean,
  invalidation_reason  text,
  inactive_since       timestamptz,
  spill_bytes          bigint       CHECK (spill_bytes >= 0),
  stream_bytes         bigint       CHECK (stream_bytes >= 0),
  total_bytes          bigint       CHECK (total_bytes >= 0),
  reset                boolean      NOT NULL
);

-- metrics.replication.v1 `receiver`: One row on a streaming standby, none on a primary.
CREATE TABLE replication_receiver (
  time               timestamptz       NOT NULL,
  server_id          text              NOT NULL,
  status             text              NOT NULL,
  sender_host        text,
  sender_port        integer,
  slot_name          text,
  receive_lag_bytes  bigint,
  replay_lag_bytes   bigint,
  replay_delay_s     double precision,
  last_msg_age_s     double precision,
  replay_paused      boolean
);

-- metrics.settings.v1 `settings`: Every parameter of pg_settings.
CREATE TABLE settings (
  time             timestamptz  NOT NULL,
  server_id        text         NOT NULL,
  name             text         NOT NULL,
  setting          text,
  unit             text,
  source           text,
  boot_val         text,
  reset_val        text,
  pending_restart  boolean      NOT NULL,
  context          text         NOT NULL,
  vartype          text         NOT NULL
);

-- metrics.statements.v1 `rows`: The statement entries kept by the top-N policy (see info.statements_sent).
CREATE TABLE statements (
  time                      timestamptz       NOT NULL,
  server_id                 text              NOT NULL,
  dbid                      bigint            NOT NULL,
  userid                    bigint            NOT NULL,
  queryid                   bigint            NOT NULL,
  toplevel                  boolean,
  database_name             text              NOT NULL,
  user_name                 text              NOT NULL,
  calls                     bigint            NOT NULL CHECK (calls >= 0),
  plans                     bigint            CHECK (plans >= 0),
  rows                      bigint            NOT NULL CHECK (rows >= 0),
  total_exec_time_ms        double precision  NOT NULL CHECK (total_exec_time_ms >= 0),
  min_exec_time_ms          double precision  CHECK (min_exec_time_ms >= 0),
  max_exec_time_ms          double precision  CHECK (max_exec_time_ms >= 0),
  mean_exec_time_ms         double precision  CHECK (mean_exec_time_ms >= 0),
  stddev_exec_time_ms       double precision  CHECK (stddev_exec_time_ms >= 0),
  total_plan_time_ms        double precision  CHECK (total_plan_time_ms >= 0),
  shared_blks_hit           bigint            NOT NULL CHECK (shared_blks_hit >= 0),
  shared_blks_read          bigint            NOT NULL CHECK (shared_blks_read >= 0),
  shared_blks_dirtied       bigint            NOT NULL CHECK (shared_blks_dirtied >= 0),
  shared_blks_written       bigint            NOT NULL CHECK (shared_blks_written >= 0),
  local_blks_hit            bigint            NOT NULL CHECK (local_blks_hit >= 0),
  local_blks_read           bigint            NOT NULL CHECK (local_blks_read >= 0),
  local_blks_dirtied        bigint            NOT NULL CHECK (local_blks_dirtied >= 0),
  local_blks_written        bigint            NOT NULL CHECK (local_blks_written >= 0),
  temp_blks_read            bigint            NOT NULL CHECK (temp_blks_read >= 0),
  temp_blks_written         bigint            NOT NULL CHECK (temp_blks_written >= 0),
  shared_blk_read_time_ms   double precision  NOT NULL CHECK (shared_blk_read_time_ms >= 0),
  shared_blk_write_time_ms  double precision  NOT NULL CHECK (shared_blk_write_time_ms >= 0),
  local_blk_read_time_ms    double precision  CHECK (local_blk_read_time_ms >= 0),
  local_blk_write_time_ms   double precision  CHECK (local_blk_write_time_ms >= 0),
  temp_blk_read_time_ms     double precision  CHECK (temp_blk_read_time_ms >= 0),
  temp_blk_write_time_ms    double precision  CHECK (temp_blk_write_time_ms >= 0),
  wal_records               bigint            NOT NULL CHECK (wal_records >= 0),
  wal_fpi                   bigint            NOT NULL CHECK (wal_fpi >= 0),
  wal_bytes                 bigint            NOT NULL CHECK (wal_bytes >= 0),
  jit_functions             bigint            CHECK (jit_functions >= 0),
  jit_generation_time_ms    double precision  CHECK (jit_generation_time_ms >= 0),
  jit_inlining_time_ms      double precision  CHECK (jit_inlining_time_ms >= 0),
  jit_optimization_time_ms  double precision  CHECK (jit_optimization_time_ms >= 0),
  jit_emission_time_ms      double precision  CHECK (jit_emission_time_ms >= 0),
  first_seen                boolean           NOT NULL,
  reset                     boolean           NOT NULL
);

-- metrics.statements.v1 `info`: Exactly one row describing the sample as a whole.
CREATE TABLE statements_info (
  time             timestamptz  NOT NULL,
  server_id        text         NOT NULL,
  dealloc          bigint       CHECK (dealloc >= 0),
  stats_reset      timestamptz,
  statements_seen  bigint       NOT NULL CHECK (statements_seen >= 0),
  statements_sent  bigint       NOT NULL CHECK (statements_sent >= 0),
  reset            boolean      NOT NULL
);

-- metrics.system.v1 `cpu`: Exactly one row.
CREATE TABLE system_cpu (
  time              timestamptz       NOT NULL,
  server_id         text              NOT NULL,
  user_pct          double precision  NOT NULL CHECK (user_pct BETWEEN 0 AND 100),
  system_pct        double precision  NOT NULL CHECK (system_pct BETWEEN 0 AND 100),
  iowait_pct        double precision  NOT NULL CHECK (iowait_pct BETWEEN 0 AND 100),
  idle_pct          double precision  NOT NULL CHECK (idle_pct BETWEEN 0 AND 100),
  steal_pct         double precision  NOT NULL CHECK (steal_pct BETWEEN 0 AND 100),
  load1             double precision  NOT NULL CHECK (load1 >= 0),
  load5             double precision  NOT NULL CHECK (load5 >= 0),
  load15            double precision  NOT NULL CHECK (load15 >= 0),
  cpus              integer           NOT NULL CHECK (cpus >= 0),
  context_switches  bigint            NOT NULL CHECK (context_switches >= 0),
  procs_running     integer           NOT NULL CHECK (procs_running >= 0),
  procs_blocked     integer           NOT NULL CHECK (procs_blocked >= 0),
  reset             boolean           NOT NULL
);

-- metrics.system.v1 `memory`: Exactly one row.
CREATE TABLE system_memory (
  time              timestamptz  NOT NULL,
  server_id         text         NOT NULL,
  total_bytes       bigint       NOT NULL CHECK (total_bytes >= 0),
  available_bytes   bigint       NOT NULL CHECK (available_bytes >= 0),
  used_bytes        bigint       NOT NULL CHECK (used_bytes >= 0),
  free_bytes        bigint       NOT NULL CHECK (free_bytes >= 0),
  cached_bytes      bigint       NOT NULL CHECK (cached_bytes >= 0),
  buffers_bytes     bigint       NOT NULL CHECK (buffers_bytes >= 0),
  shared_bytes      bigint       NOT NULL CHECK (shared_bytes >= 0),
  swap_total_bytes  bigint       NOT NULL CHECK (swap_total_bytes >= 0),
  swap_used_bytes   bigint       NOT NULL CHECK (swap_used_bytes >= 0),
  dirty_bytes       bigint       NOT NULL CHECK (dirty_bytes >= 0)
);

-- metrics.system.v1 `disks`: One row per whole disk (partitions and virtual devices excluded).
CREATE TABLE system_disks (
  time           timestamptz  NOT NULL,
  server_id      text         NOT NULL,
  device         text         NOT NULL,
  reads          bigint       NOT NULL CHECK (reads >= 0),
  writes         bigint       NOT NULL CHECK (writes >= 0),
  read_bytes     bigint       NOT NULL CHECK (read_bytes >= 0),
  write_bytes    bigint       NOT NULL CHECK (write_bytes >= 0),
  read_time_ms   bigint       NOT NULL CHECK (read_time_ms >= 0),
  write_time_ms  bigint       NOT NULL CHECK (write_time_ms >= 0),
  io_time_ms     bigint       NOT NULL CHECK (io_time_ms >= 0),
  in_flight      integer      NOT NULL CHECK (in_flight >= 0),
  reset          boolean      NOT NULL
);

-- metrics.system.v1 `filesystems`: One row per real mounted filesystem (pseudo filesystems excluded).
CREATE TABLE system_filesystems (
  time             timestamptz  NOT NULL,
  server_id        text         NOT NULL,
  mountpoint       text         NOT NULL,
  device           text         NOT NULL,
  fstype           text         NOT NULL,
  total_bytes      bigint       NOT NULL CHECK (total_bytes >= 0),
  used_bytes       bigint       NOT NULL CHECK (used_bytes >= 0),
  available_bytes  bigint       NOT NULL CHECK (available_bytes >= 0),
  inodes_total     bigint       CHECK (inodes_total >= 0),
  inodes_used      bigint       CHECK (inodes_used >= 0),
  pg_usage         text
);

-- metrics.system.v1 `network`: One row per interface except loopback.
CREATE TABLE system_network (
  time        timestamptz  NOT NULL,
  server_id   text         NOT NULL,
  interface   text         NOT NULL,
  rx_bytes    bigint       NOT NULL CHECK (rx_bytes >= 0),
  tx_bytes    bigint       NOT NULL CHECK (tx_bytes >= 0),
  rx_packets  bigint       NOT NULL CHECK (rx_packets >= 0),
  tx_packets  bigint       NOT NULL CHECK (tx_packets >= 0),
  rx_errors   bigint       NOT NULL CHECK (rx_errors >= 0),
  tx_errors   bigint       NOT NULL CHECK (tx_errors >= 0),
  rx_drops    bigint       NOT NULL CHECK (rx_drops >= 0),
  tx_drops    bigint       NOT NULL CHECK (tx_drops >= 0),
  reset       boolean      NOT NULL
);

-- metrics.tables.v1 `tables`: One row per user table.
CREATE TABLE table_stats (
  time                       timestamptz       NOT NULL,
  server_id                  text              NOT NULL,
  datname                    text              NOT NULL,
  schemaname                 text              NOT NULL,
  relname                    text              NOT NULL,
  relid                      bigint            NOT NULL,
  seq_scan                   bigint            NOT NULL CHECK (seq_scan >= 0),
  seq_tup_read               bigint            NOT NULL CHECK (seq_tup_read >= 0),
  idx_scan                   bigint            CHECK (idx_scan >= 0),
  idx_tup_fetch              bigint            CHECK (idx_tup_fetch >= 0),
  n_tup_ins                  bigint            NOT NULL CHECK (n_tup_ins >= 0),
  n_tup_upd                  bigint            NOT NULL CHECK (n_tup_upd >= 0),
  n_tup_del                  bigint            NOT NULL CHECK (n_tup_del >= 0),
  n_tup_hot_upd              bigint            NOT NULL CHECK (n_tup_hot_upd >= 0),
  n_tup_newpage_upd          bigint            CHECK (n_tup_newpage_upd >= 0),
  n_live_tup                 bigint            NOT NULL CHECK (n_live_tup >= 0),
  n_dead_tup                 bigint            NOT NULL CHECK (n_dead_tup >= 0),
  n_mod_since_analyze        bigint            NOT NULL CHECK (n_mod_since_analyze >= 0),
  n_ins_since_vacuum         bigint            NOT NULL CHECK (n_ins_since_vacuum >= 0),
  last_seq_scan              timestamptz,
  last_idx_scan              timestamptz,
  last_vacuum                timestamptz,
  last_autovacuum            timestamptz,
  last_analyze               timestamptz,
  last_autoanalyze           timestamptz,
  vacuum_count               bigint            NOT NULL CHECK (vacuum_count >= 0),
  autovacuum_count           bigint            NOT NULL CHECK (autovacuum_count >= 0),
  analyze_count              bigint            NOT NULL CHECK (analyze_count >= 0),
  autoanalyze_count          bigint            NOT NULL CHECK (autoanalyze_count >= 0),
  total_vacuum_time_ms       double precision  CHECK (total_vacuum_time_ms >= 0),
  total_autovacuum_time_ms   double precision  CHECK (total_autovacuum_time_ms >= 0),
  total_analyze_time_ms      double precision  CHECK (total_analyze_time_ms >= 0),
  total_autoanalyze_time_ms  double precision  CHECK (total_autoanalyze_time_ms >= 0),
  heap_blks_read             bigint            NOT NULL CHECK (heap_blks_read >= 0),
  heap_blks_hit              bigint            NOT NULL CHECK (heap_blks_hit >= 0),
  idx_blks_read              bigint            CHECK (idx_blks_read >= 0),
  idx_blks_hit               bigint            CHECK (idx_blks_hit >= 0),
  toast_blks_read            bigint            CHECK (toast_blks_read >= 0),
  toast_blks_hit             bigint            CHECK (toast_blks_hit >= 0),
  tidx_blks_read             bigint            CHECK (tidx_blks_read >= 0),
  tidx_blks_hit              bigint            CHECK (tidx_blks_hit >= 0),
  table_size_bytes           bigint            NOT NULL CHECK (table_size_bytes >= 0),
  toast_size_bytes           bigint            CHECK (toast_size_bytes >= 0),
  indexes_size_bytes         bigint            NOT NULL CHECK (indexes_size_bytes >= 0),
  total_size_bytes           bigint            NOT NULL CHECK (total_size_bytes >= 0),
  frozen_xid_age             bigint            NOT NULL CHECK (frozen_xid_age >= 0),
  reset                      boolean           NOT NULL
);

-- logs.v1 `events`: The events read in the window, in log order, capped by the agent.
CREATE TABLE log_events (
  time              timestamptz       NOT NULL,
  server_id         text              NOT NULL,
  log_time          timestamptz       NOT NULL,
  severity          text              NOT NULL,
  sqlstate          text,
  category          text              NOT NULL,
  database_name     text,
  user_name         text,
  application_name  text,
  pid               integer,
  backend_type      text,
  duration_ms       double precision  CHECK (duration_ms >= 0),
  message           text              NOT NULL,
  detail            text,
  hint              text,
  context           text,
  statement         text,
  query_id          bigint,
  plan              text,
  line_count        integer           NOT NULL CHECK (line_count >= 0),
  truncated         boolean           NOT NULL
);

INSERT INTO pga_retention (relation, class) VALUES
  ('activity_sessions', 'raw'),
  ('activity_blocking', 'raw'),
  ('activity_summary', 'raw'),
  ('checkpointer_stats', 'raw'),
  ('io_stats', 'raw'),
  ('database_stats', 'raw'),
  ('index_stats', 'raw'),
  ('replication_stats', 'raw'),
  ('replication_slots', 'raw'),
  ('replication_receiver', 'raw'),
  ('settings', 'raw'),
  ('statements', 'raw'),
  ('statements_info', 'raw'),
  ('system_cpu', 'raw'),
  ('system_memory', 'raw'),
  ('system_disks', 'raw'),
  ('system_filesystems', 'raw'),
  ('system_network', 'raw'),
  ('table_stats', 'raw'),
  ('log_events', 'raw');
