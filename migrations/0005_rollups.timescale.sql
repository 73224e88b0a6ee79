-- TimescaleDB mode: the rollups are continuous aggregates, 1 hour over the raw hypertables and 1 day over
-- the 1-hour aggregates (hierarchical), so a day can be recomputed after its raw chunks are gone. Names,
-- columns and types are those of the plain-mode tables in 0005_rollups.plain.sql: every read runs on both.
--
-- Statement rollups leave out rows with first_seen: their counters are an entry's cumulative totals (after
-- an agent restart, every entry), not the activity of the interval. Means are derived in reads
-- (total_exec_time_ms / calls); averages of host gauges are weighted by `samples` when rolled up to a day.
-- Aggregates are materialized only (no real-time union), like the plain tables: both show what was refreshed.

CREATE MATERIALIZED VIEW statements_1h
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS time,
       server_id, dbid, userid, queryid,
       count(*) AS samples,
       sum(calls)::bigint AS calls,
       sum(plans)::bigint AS plans,
       sum(rows)::bigint AS rows,
       sum(total_exec_time_ms) AS total_exec_time_ms,
       min(min_exec_time_ms) AS min_exec_time_ms,
       max(max_exec_time_ms) AS max_exec_time_ms,
       sum(total_plan_time_ms) AS total_plan_time_ms,
       sum(shared_blks_hit)::bigint AS shared_blks_hit,
       sum(shared_blks_read)::bigint AS shared_blks_read,
       sum(shared_blks_dirtied)::bigint AS shared_blks_dirtied,
       sum(shared_blks_written)::bigint AS shared_blks_written,
       sum(local_blks_hit)::bigint AS local_blks_hit,
       sum(local_blks_read)::bigint AS local_blks_read,
       sum(local_blks_dirtied)::bigint AS local_blks_dirtied,
       sum(local_blks_written)::bigint AS local_blks_written,
       sum(temp_blks_read)::bigint AS temp_blks_read,
       sum(temp_blks_written)::bigint AS temp_blks_written,
       sum(shared_blk_read_time_ms) AS shared_blk_read_time_ms,
       sum(shared_blk_write_time_ms) AS shared_blk_write_time_ms,
       sum(local_blk_read_time_ms) AS local_blk_read_time_ms,
       sum(local_blk_write_time_ms) AS local_blk_write_time_ms,
       sum(temp_blk_read_time_ms) AS temp_blk_read_time_ms,
       sum(temp_blk_write_time_ms) AS temp_blk_write_time_ms,
       sum(wal_records)::bigint AS wal_records,
       sum(wal_fpi)::bigint AS wal_fpi,
       sum(wal_bytes)::bigint AS wal_bytes,
       sum(jit_functions)::bigint AS jit_functions,
       sum(jit_generation_time_ms) AS jit_generation_time_ms,
       sum(jit_inlining_time_ms) AS jit_inlining_time_ms,
       sum(jit_optimization_time_ms) AS jit_optimization_time_ms,
       sum(jit_emission_time_ms) AS jit_emission_time_ms
  FROM statements
 WHERE NOT first_seen
 GROUP BY time_bucket(INTERVAL '1 hour', time), server_id, dbid, userid, queryid
WITH NO DATA;

CREATE MATERIALIZED VIEW statements_1d
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 day', time) AS time,
       server_id, dbid, userid, queryid,
       sum(samples)::bigint AS samples,
       sum(calls)::bigint AS calls,
       sum(plans)::bigint AS plans,
       sum(rows)::bigint AS rows,
       sum(total_exec_time_ms) AS total_exec_time_ms,
       min(min_exec_time_ms) AS min_exec_time_ms,
       max(max_exec_time_ms) AS max_exec_time_ms,
       sum(total_plan_time_ms) AS total_plan_time_ms,
       sum(shared_blks_hit)::bigint AS shared_blks_hit,
       sum(shared_blks_read)::bigint AS shared_blks_read,
       sum(shared_blks_dirtied)::bigint AS shared_blks_dirtied,
       sum(shared_blks_written)::bigint AS shared_blks_written,
       sum(local_blks_hit)::bigint AS local_blks_hit,
       sum(local_blks_read)::bigint AS local_blks_read,
       sum(local_blks_dirtied)::bigint AS local_blks_dirtied,
       sum(local_blks_written)::bigint AS local_blks_written,
       sum(temp_blks_read)::bigint AS temp_blks_read,
       sum(temp_blks_written)::bigint AS temp_blks_written,
       sum(shared_blk_read_time_ms) AS shared_blk_read_time_ms,
       sum(shared_blk_write_time_ms) AS shared_blk_write_time_ms,
       sum(local_blk_read_time_ms) AS local_blk_read_time_ms,
       sum(local_blk_write_time_ms) AS local_blk_write_time_ms,
       sum(temp_blk_read_time_ms) AS temp_blk_read_time_ms,
       sum(temp_blk_write_time_ms) AS temp_blk_write_time_ms,
       sum(wal_records)::bigint AS wal_records,
       sum(wal_fpi)::bigint AS wal_fpi,
       sum(wal_bytes)::bigint AS wal_bytes,
       sum(jit_functions)::bigint AS jit_functions,
       sum(jit_generation_time_ms) AS jit_generation_time_ms,
       sum(jit_inlining_time_ms) AS jit_inlining_time_ms,
       sum(jit_optimization_time_ms) AS jit_optimization_time_ms,
       sum(jit_emission_time_ms) AS jit_emission_time_ms
  FROM statements_1h
 GROUP BY time_bucket(INTERVAL '1 day', time), server_id, dbid, userid, queryid
WITH NO DATA;

CREATE MATERIALIZED VIEW system_cpu_1h
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS time,
       server_id,
       count(*) AS samples,
       avg(user_pct) AS user_pct_avg,
       avg(system_pct) AS system_pct_avg,
       avg(iowait_pct) AS iowait_pct_avg,
       avg(steal_pct) AS steal_pct_avg,
       avg(idle_pct) AS idle_pct_avg,
       max(100 - idle_pct) AS busy_pct_max,
       avg(load1) AS load1_avg,
       max(load1) AS load1_max,
       avg(load5) AS load5_avg,
       avg(load15) AS load15_avg,
       max(cpus) AS cpus,
       sum(context_switches)::bigint AS context_switches,
       avg(procs_running::double precision) AS procs_running_avg,
       max(procs_blocked) AS procs_blocked_max
  FROM system_cpu
 GROUP BY time_bucket(INTERVAL '1 hour', time), server_id
WITH NO DATA;

CREATE MATERIALIZED VIEW system_cpu_1d
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 day', time) AS time,
       server_id,
       sum(samples)::bigint AS samples,
       sum(user_pct_avg * samples) / sum(samples)::double precision AS user_pct_avg,
       sum(system_pct_avg * samples) / sum(samples)::double precision AS system_pct_avg,
       sum(iowait_pct_avg * samples) / sum(samples)::double precision AS iowait_pct_avg,
       sum(steal_pct_avg * samples) / sum(samples)::double precision AS steal_pct_avg,
       sum(idle_pct_avg * samples) / sum(samples)::double precision AS idle_pct_avg,
       max(busy_pct_max) AS busy_pct_max,
       sum(load1_avg * samples) / sum(samples)::double precision AS load1_avg,
       max(load1_max) AS load1_max,
       sum(load5_avg * samples) / sum(samples)::double precision AS load5_avg,
       sum(load15_avg * samples) / sum(samples)::double precision AS load15_avg,
       max(cpus) AS cpus,
       sum(context_switches)::bigint AS context_switches,
       sum(procs_running_avg * samples) / sum(samples)::double precision AS procs_running_avg,
       max(procs_blocked_max) AS procs_blocked_max
  FROM system_cpu_1h
 GROUP BY time_bucket(INTERVAL '1 day', time), server_id
WITH NO DATA;

CREATE MATERIALIZED VIEW system_memory_1h
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS time,
       server_id,
       count(*) AS samples,
       max(total_bytes) AS total_bytes_max,
       avg(used_bytes::double precision) AS used_bytes_avg,
       max(used_bytes) AS used_bytes_max,
       avg(available_bytes::double precision) AS available_bytes_avg,
       min(available_bytes) AS available_bytes_min,
       avg(cached_bytes::double precision) AS cached_bytes_avg,
       max(swap_used_bytes) AS swap_used_bytes_max,
       max(dirty_bytes) AS dirty_bytes_max
  FROM system_memory
 GROUP BY time_bucket(INTERVAL '1 hour', time), server_id
WITH NO DATA;

CREATE MATERIALIZED VIEW system_memory_1d
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 day', time) AS time,
       server_id,
       sum(samples)::bigint AS samples,
       max(total_bytes_max) AS total_bytes_max,
       sum(used_bytes_avg * samples) / sum(samples)::double precision AS used_bytes_avg,
       max(used_bytes_max) AS used_bytes_max,
       sum(available_bytes_avg * samples) / sum(samples)::double precision AS available_bytes_avg,
       min(available_bytes_min) AS available_bytes_min,
       sum(cached_bytes_avg * samples) / sum(samples)::double precision AS cached_bytes_avg,
       max(swap_used_bytes_max) AS swap_used_bytes_max,
       max(dirty_bytes_max) AS dirty_bytes_max
  FROM system_memory_1h
 GROUP BY time_bucket(INTERVAL '1 day', time), server_id
WITH NO DATA;

CREATE MATERIALIZED VIEW system_disks_1h
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS time,
       server_id, device,
       count(*) AS samples,
       sum(reads)::bigint AS reads,
       sum(writes)::bigint AS writes,
       sum(read_bytes)::bigint AS read_bytes,
       sum(write_bytes)::bigint AS write_bytes,
       sum(read_time_ms)::bigint AS read_time_ms,
       sum(write_time_ms)::bigint AS write_time_ms,
       sum(io_time_ms)::bigint AS io_time_ms,
       max(in_flight) AS in_flight_max
  FROM system_disks
 GROUP BY time_bucket(INTERVAL '1 hour', time), server_id, device
WITH NO DATA;

CREATE MATERIALIZED VIEW system_disks_1d
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
SELECT time_bucket(INTERVAL '1 day', time) AS time,
       server_id, device,
       sum(samples)::bigint AS samples,
       sum(reads)::bigint AS reads,
       sum(writes)::bigint AS writes,
       sum(read_bytes)::bigint AS read_bytes,
       sum(write_bytes)::bigint AS write_bytes,
       sum(read_time_ms)::bigint AS read_time_ms,
       sum(write_time_ms)::bigint AS write_time_ms,
       sum(io_time_ms)::bigint AS io_time_ms,
       max(in_flight_max) AS in_flight_max
  FROM system_disks_1h
 GROUP BY time_bucket(INTERVAL '1 day', time), server_id, device
WITH NO DATA;

-- Refresh policies. The 1-hour window starts 2 days back (raw retention is at least 3 days, so a refresh
-- never runs over dropped raw chunks) and ends 10 minutes back; the 1-day window starts 4 days back (hourly
-- retention is at least 7 days). Late rows inside a window are picked up through TimescaleDB's invalidation log.
SELECT add_continuous_aggregate_policy(v::regclass, start_offset => INTERVAL '2 days', end_offset => INTERVAL '10 minutes',
                                       schedule_interval => INTERVAL '15 minutes')
  FROM unnest(ARRAY['statements_1h', 'system_cpu_1h', 'system_memory_1h', 'system_disks_1h']) AS v;
SELECT add_continuous_aggregate_policy(v::regclass, start_offset => INTERVAL '4 days', end_offset => INTERVAL '1 hour',
                                       schedule_interval => INTERVAL '1 hour')
  FROM unnest(ARRAY['statements_1d', 'system_cpu_1d', 'system_memory_1d', 'system_disks_1d']) AS v;

INSERT INTO pga_retention (relation, class) VALUES
  ('statements_1h', 'hourly'),
  ('system_cpu_1h', 'hourly'),
  ('system_memory_1h', 'hourly'),
  ('system_disks_1h', 'hourly'),
  ('statements_1d', 'daily'),
  ('system_cpu_1d', 'daily'),
  ('system_memory_1d', 'daily'),
  ('system_disks_1d', 'daily');
SELECT pga_apply_retention_policies();
