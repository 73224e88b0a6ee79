-- Plain mode: the rollups are ordinary tables with the names, columns and types of the TimescaleDB
-- continuous aggregates in 0005_rollups.timescale.sql, so every read runs on both. They are filled by
-- pga_refresh_rollups (called by `pga maintain`), partitioned by day (1 hour) or month (1 day) and expired
-- by pga_enforce_retention. The same rules as there: statement rollups leave out first_seen rows, means are
-- derived in reads, daily averages of host gauges are weighted by `samples`.

CREATE TABLE statements_1h (
  time                      timestamptz       NOT NULL,
  server_id                 text              NOT NULL,
  dbid                      bigint            NOT NULL,
  userid                    bigint            NOT NULL,
  queryid                   bigint            NOT NULL,
  samples                   bigint            NOT NULL,
  calls                     bigint,
  plans                     bigint,
  rows                      bigint,
  total_exec_time_ms        double precision,
  min_exec_time_ms          double precision,
  max_exec_time_ms          double precision,
  total_plan_time_ms        double precision,
  shared_blks_hit           bigint,
  shared_blks_read          bigint,
  shared_blks_dirtied       bigint,
  shared_blks_written       bigint,
  local_blks_hit            bigint,
  local_blks_read           bigint,
  local_blks_dirtied        bigint,
  local_blks_written        bigint,
  temp_blks_read            bigint,
  temp_blks_written         bigint,
  shared_blk_read_time_ms   double precision,
  shared_blk_write_time_ms  double precision,
  local_blk_read_time_ms    double precision,
  local_blk_write_time_ms   double precision,
  temp_blk_read_time_ms     double precision,
  temp_blk_write_time_ms    double precision,
  wal_records               bigint,
  wal_fpi                   bigint,
  wal_bytes                 bigint,
  jit_functions             bigint,
  jit_generation_time_ms    double precision,
  jit_inlining_time_ms      double precision,
  jit_optimization_time_ms  double precision,
  jit_emission_time_ms      double precision
);
CREATE TABLE statements_1d (LIKE statements_1h);

CREATE TABLE system_cpu_1h (
  time               timestamptz       NOT NULL,
  server_id          text              NOT NULL,
  samples            bigint            NOT NULL,
  user_pct_avg       double precision,
  system_pct_avg     double precision,
  iowait_pct_avg     double precision,
  steal_pct_avg      double precision,
  idle_pct_avg       double precision,
  busy_pct_max       double precision,
  load1_avg          double precision,
  load1_max          double precision,
  load5_avg          double precision,
  load15_avg         double precision,
  cpus               integer,
  context_switches   bigint,
  procs_running_avg  double precision,
  procs_blocked_max  integer
);
CREATE TABLE system_cpu_1d (LIKE system_cpu_1h);

CREATE TABLE system_memory_1h (
  time                 timestamptz       NOT NULL,
  server_id            text              NOT NULL,
  samples              bigint            NOT NULL,
  total_bytes_max      bigint,
  used_bytes_avg       double precision,
  used_bytes_max       bigint,
  available_bytes_avg  double precision,
  available_bytes_min  bigint,
  cached_bytes_avg     double precision,
  swap_used_bytes_max  bigint,
  dirty_bytes_max      bigint
);
CREATE TABLE system_memory_1d (LIKE system_memory_1h);

CREATE TABLE system_disks_1h (
  time           timestamptz  NOT NULL,
  server_id      text         NOT NULL,
  device         text         NOT NULL,
  samples        bigint       NOT NULL,
  reads          bigint,
  writes         bigint,
  read_bytes     bigint,
  write_bytes    bigint,
  read_time_ms   bigint,
  write_time_ms  bigint,
  io_time_ms     bigint,
  in_flight_max  integer
);
CREATE TABLE system_disks_1d (LIKE system_disks_1h);

INSERT INTO pga_retention (relation, class) VALUES
  ('statements_1h', 'hourly'),
  ('system_cpu_1h', 'hourly'),
  ('system_memory_1h', 'hourly'),
  ('system_disks_1h', 'hourly'),
  ('statements_1d', 'daily'),
  ('system_cpu_1d', 'daily'),
  ('system_memory_1d', 'daily'),
  ('system_disks_1d', 'daily');
SELECT pga_make_partitioned(relation) FROM pga_retention WHERE class IN ('hourly', 'daily') ORDER BY relation;

CREATE UNIQUE INDEX statements_1h_key ON statements_1h (server_id, queryid, dbid, userid, time);
CREATE UNIQUE INDEX statements_1d_key ON statements_1d (server_id, queryid, dbid, userid, time);
CREATE INDEX statements_1h_server_time_idx ON statements_1h (server_id, time);
CREATE INDEX statements_1d_server_time_idx ON statements_1d (server_id, time);
CREATE UNIQUE INDEX system_cpu_1h_key ON system_cpu_1h (server_id, time);
CREATE UNIQUE INDEX system_cpu_1d_key ON system_cpu_1d (server_id, time);
CREATE UNIQUE INDEX system_memory_1h_key ON system_memory_1h (server_id, time);
CREATE UNIQUE INDEX system_memory_1d_key ON system_memory_1d (server_id, time);
CREATE UNIQUE INDEX system_disks_1h_key ON system_disks_1h (server_id, device, time);
CREATE UNIQUE INDEX system_disks_1d_key ON system_disks_1d (server_id, device, time);

-- Recomputes every rollup bucket that overlaps [p_from, p_to): the range is widened to whole hours for the
-- 1-hour tables and to whole days (UTC) for the 1-day tables, the buckets are deleted and rebuilt from their
-- source (raw tables for 1 hour, the 1-hour tables for 1 day). Running it twice gives the same rows. Like
-- a TimescaleDB refresh, a bucket whose source rows are gone is emptied: refresh only ranges that the raw
-- retention still holds. Returns the rows written per rollup.
CREATE FUNCTION pga_refresh_rollups(p_from timestamptz, p_to timestamptz)
RETURNS TABLE (rollup text, rows_written bigint)
LANGUAGE plpgsql AS $$
DECLARE
  origin CONSTANT timestamptz := '2000-01-03 00:00:00+00';  -- time_bucket's origin: buckets match it
  h_from timestamptz := date_bin(INTERVAL '1 hour', p_from, origin);
  h_to timestamptz := date_bin(INTERVAL '1 hour', p_to, origin);
  d_from timestamptz := date_bin(INTERVAL '1 day', p_from, origin);
  d_to timestamptz := date_bin(INTERVAL '1 day', p_to, origin);
  n bigint;
BEGIN
  IF p_to <= p_from THEN
    RAISE EXCEPTION 'pga_refresh_rollups: empty range [%, %)', p_from, p_to;
  END IF;
  IF h_to < p_to THEN h_to := h_to + INTERVAL '1 hour'; END IF;
  IF d_to < p_to THEN d_to := d_to + INTERVAL '1 day'; END IF;

  DELETE FROM statements_1h WHERE time >= h_from AND time < h_to;
  INSERT INTO statements_1h
  SELECT date_bin(INTERVAL '1 hour', time, origin) AS time,
         server_id, dbid, userid, queryid,
         count(*),
         sum(calls)::bigint, sum(plans)::bigint, sum(rows)::bigint,
         sum(total_exec_time_ms), min(min_exec_time_ms), max(max_exec_time_ms), sum(total_plan_time_ms),
         sum(shared_blks_hit)::bigint, sum(shared_blks_read)::bigint,
         sum(shared_blks_dirtied)::bigint, sum(shared_blks_written)::bigint,
         sum(local_blks_hit)::bigint, sum(local_blks_read)::bigint,
         sum(local_blks_dirtied)::bigint, sum(local_blks_written)::bigint,
         sum(temp_blks_read)::bigint, sum(temp_blks_written)::bigint,
         sum(shared_blk_read_time_ms), sum(shared_blk_write_time_ms),
         sum(local_blk_read_time_ms), sum(local_blk_write_time_ms),
         sum(temp_blk_read_time_ms), sum(temp_blk_write_time_ms),
         sum(wal_records)::bigint, sum(wal_fpi)::bigint, sum(wal_bytes)::bigint,
         sum(jit_functions)::bigint, sum(jit_generation_time_ms), sum(jit_inlining_time_ms),
         sum(jit_optimization_time_ms), sum(jit_emission_time_ms)
    FROM statements
   WHERE time >= h_from AND time < h_to AND NOT first_seen
   GROUP BY 1, server_id, dbid, userid, queryid;
  GET DIAGNOSTICS n = ROW_COUNT;
  rollup := 'statements_1h'; rows_written := n; RETURN NEXT;

  DELETE FROM system_cpu_1h WHERE time >= h_from AND time < h_to;
  INSERT INTO system_cpu_1h
  SELECT date_bin(INTERVAL '1 hour', time, origin) AS time,
         server_id,
         count(*),
         avg(user_pct), avg(system_pct), avg(iowait_pct), avg(steal_pct), avg(idle_pct),
         max(100 - idle_pct),
         avg(load1), max(load1), avg(load5), avg(load15),
         max(cpus),
         sum(context_switches)::bigint,
         avg(procs_running::double precision),
         max(procs_blocked)
    FROM system_cpu
   WHERE time >= h_from AND time < h_to
   GROUP BY 1, server_id;
  GET DIAGNOSTICS n = ROW_COUNT;
  rollup := 'system_cpu_1h'; rows_written := n; RETURN NEXT;

  DELETE FROM system_memory_1h WHERE time >= h_from AND time < h_to;
  INSERT INTO system_memory_1h
  SELECT date_bin(INTERVAL '1 hour', time, origin) AS time,
         server_id,
         count(*),
         max(total_bytes),
         avg(used_bytes::double precision), max(used_bytes),
         avg(available_bytes::double precision), min(available_bytes),
         avg(cached_bytes::double precision),
         max(swap_used_bytes),
         max(dirty_bytes)
    FROM system_memory
   WHERE time >= h_from AND time < h_to
   GROUP BY 1, server_id;
  GET DIAGNOSTICS n = ROW_COUNT;
  rollup := 'system_memory_1h'; rows_written := n; RETURN NEXT;

  DELETE FROM system_disks_1h WHERE time >= h_from AND time < h_to;
  INSERT INTO system_disks_1h
  SELECT date_bin(INTERVAL '1 hour', time, origin) AS time,
         server_id, device,
         count(*),
         sum(reads)::bigint, sum(writes)::bigint, sum(read_bytes)::bigint, sum(write_bytes)::bigint,
         sum(read_time_ms)::bigint, sum(write_time_ms)::bigint, sum(io_time_ms)::bigint,
         max(in_flight)
    FROM system_disks
   WHERE time >= h_from AND time < h_to
   GROUP BY 1, server_id, device;
  GET DIAGNOSTICS n = ROW_COUNT;
  rollup := 'system_disks_1h'; rows_written := n; RETURN NEXT;

  DELETE FROM statements_1d WHERE time >= d_from AND time < d_to;
  INSERT INTO statements_1d
  SELECT date_bin(INTERVAL '1 day', time, origin) AS time,
         server_id, dbid, userid, queryid,
         sum(samples)::bigint,
         sum(calls)::bigint, sum(plans)::bigint, sum(rows)::bigint,
         sum(total_exec_time_ms), min(min_exec_time_ms), max(max_exec_time_ms), sum(total_plan_time_ms),
         sum(shared_blks_hit)::bigint, sum(shared_blks_read)::bigint,
         sum(shared_blks_dirtied)::bigint, sum(shared_blks_written)::bigint,
         sum(local_blks_hit)::bigint, sum(local_blks_read)::bigint,
         sum(local_blks_dirtied)::bigint, sum(local_blks_written)::bigint,
         sum(temp_blks_read)::bigint, sum(temp_blks_written)::bigint,
         sum(shared_blk_read_time_ms), sum(shared_blk_write_time_ms),
         sum(local_blk_read_time_ms), sum(local_blk_write_time_ms),
         sum(temp_blk_read_time_ms), sum(temp_blk_write_time_ms),
         sum(wal_records)::bigint, sum(wal_fpi)::bigint, sum(wal_bytes)::bigint,
         sum(jit_functions)::bigint, sum(jit_generation_time_ms), sum(jit_inlining_time_ms),
         sum(jit_optimization_time_ms), sum(jit_emission_time_ms)
    FROM statements_1h
   WHERE time >= d_from AND time < d_to
   GROUP BY 1, server_id, dbid, userid, queryid;
  GET DIAGNOSTICS n = ROW_COUNT;
  rollup := 'statements_1d'; rows_written := n; RETURN NEXT;

  DELETE FROM system_cpu_1d WHERE time >= d_from AND time < d_to;
  INSERT INTO system_cpu_1d
  SELECT date_bin(INTERVAL '1 day', time, origin) AS time,
         server_id,
         sum(samples)::bigint,
         sum(user_pct_avg * samples) / sum(samples)::double precision,
         sum(system_pct_avg * samples) / sum(samples)::double precision,
         sum(iowait_pct_avg * samples) / sum(samples)::double precision,
         sum(steal_pct_avg * samples) / sum(samples)::double precision,
         sum(idle_pct_avg * samples) / sum(samples)::double precision,
         max(busy_pct_max),
         sum(load1_avg * samples) / sum(samples)::double precision,
         max(load1_max),
         sum(load5_avg * samples) / sum(samples)::double precision,
         sum(load15_avg * samples) / sum(samples)::double precision,
         max(cpus),
         sum(context_switches)::bigint,
         sum(procs_running_avg * samples) / sum(samples)::double precision,
         max(procs_blocked_max)
    FROM system_cpu_1h
   WHERE time >= d_from AND time < d_to
   GROUP BY 1, server_id;
  GET DIAGNOSTICS n = ROW_COUNT;
  rollup := 'system_cpu_1d'; rows_written := n; RETURN NEXT;

  DELETE FROM system_memory_1d WHERE time >= d_from AND time < d_to;
  INSERT INTO system_memory_1d
  SELECT date_bin(INTERVAL '1 day', time, origin) AS time,
         server_id,
         sum(samples)::bigint,
         max(total_bytes_max),
         sum(used_bytes_avg * samples) / sum(samples)::double precision,
         max(used_bytes_max),
         sum(available_bytes_avg * samples) / sum(samples)::double precision,
         min(available_bytes_min),
         sum(cached_bytes_avg * samples) / sum(samples)::double precision,
         max(swap_used_bytes_max),
         max(dirty_bytes_max)
    FROM system_memory_1h
   WHERE time >= d_from AND time < d_to
   GROUP BY 1, server_id;
  GET DIAGNOSTICS n = ROW_COUNT;
  rollup := 'system_memory_1d'; rows_written := n; RETURN NEXT;

  DELETE FROM system_disks_1d WHERE time >= d_from AND time < d_to;
  INSERT INTO system_disks_1d
  SELECT date_bin(INTERVAL '1 day', time, origin) AS time,
         server_id, device,
         sum(samples)::bigint,
         sum(reads)::bigint, sum(writes)::bigint, sum(read_bytes)::bigint, sum(write_bytes)::bigint,
         sum(read_time_ms)::bigint, sum(write_time_ms)::bigint, sum(io_time_ms)::bigint,
         max(in_flight_max)
    FROM system_disks_1h
   WHERE time >= d_from AND time < d_to
   GROUP BY 1, server_id, device;
  GET DIAGNOSTICS n = ROW_COUNT;
  rollup := 'system_disks_1d'; rows_written := n; RETURN NEXT;
END
$$;
