-- TimescaleDB mode: hypertables with compression, and retention policies that follow pga_meta.

CREATE EXTENSION IF NOT EXISTS timescaledb;

-- Turns a freshly created, empty table into a hypertable on `time` with one-day chunks, compressed once a
-- chunk is a day old (segmented by server, so one server's rows stay together).
CREATE FUNCTION pga_make_hypertable(p_relation text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM create_hypertable(p_relation::regclass, by_range('time', INTERVAL '1 day'),
                            create_default_indexes => false);
  EXECUTE format(
    'ALTER TABLE %I SET (timescaledb.compress, timescaledb.compress_segmentby = %L, '
    'timescaledb.compress_orderby = %L)', p_relation, 'server_id', 'time DESC');
  PERFORM add_compression_policy(p_relation::regclass, INTERVAL '1 day');
END
$$;

-- (Re)sets the retention policy of every registered relation to pga_retention_days(class). A policy that
-- already has the right interval is left alone, so running this again changes nothing.
CREATE FUNCTION pga_apply_retention_policies() RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  wanted interval;
  current_drop_after interval;
BEGIN
  FOR r IN SELECT relation, class FROM pga_retention ORDER BY relation LOOP
    wanted := make_interval(days => pga_retention_days(r.class));
    SELECT (j.config ->> 'drop_after')::interval INTO current_drop_after
      FROM timescaledb_information.jobs j
     WHERE j.proc_name = 'policy_retention' AND j.hypertable_name = r.relation;
    CONTINUE WHEN current_drop_after IS NOT DISTINCT FROM wanted;
    PERFORM remove_retention_policy(r.relation::regclass, if_exists => true);
    PERFORM add_retention_policy(r.relation::regclass, drop_after => wanted);
    RETURN NEXT format('%s: keep %s', r.relation, wanted);
  END LOOP;
END
$$;
