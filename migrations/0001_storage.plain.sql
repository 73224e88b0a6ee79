-- Plain PostgreSQL mode: native range partitions on `time`, created ahead and dropped for retention.
--
-- Partitions are named <relation>_pYYYYMMDD (one day; raw and hourly relations) or <relation>_pYYYYMM (one
-- month; daily rollups), bounds in UTC. Every partitioned relation also has <relation>_default, so a row far
-- in the past or the future is never rejected; it is moved into its partition when that one is created and
-- deleted by retention like any other row. The functions run with TimeZone UTC so that day and month
-- boundaries do not depend on the session.

-- Turns a freshly created, empty table into a table partitioned by range of `time` with a default
-- partition. Columns, defaults, NOT NULL and CHECK constraints are kept (indexes are created afterwards, on
-- the partitioned table).
CREATE FUNCTION pga_make_partitioned(p_relation text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  staging text := p_relation || '_unpartitioned';
  has_rows boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', p_relation) INTO has_rows;
  IF has_rows THEN
    RAISE EXCEPTION 'pga_make_partitioned: % is not empty', p_relation;
  END IF;
  EXECUTE format('ALTER TABLE %I RENAME TO %I', p_relation, staging);
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING ALL) PARTITION BY RANGE (time)', p_relation, staging);
  EXECUTE format('DROP TABLE %I', staging);
  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', p_relation || '_default', p_relation);
END
$$;

-- Partition width of a retention class.
CREATE FUNCTION pga_partition_step(p_class text) RETURNS interval
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_class WHEN 'daily' THEN INTERVAL '1 month' ELSE INTERVAL '1 day' END
$$;

-- Creates the partition of p_relation that starts at p_lower (a day or month boundary in UTC) unless it
-- exists. Rows already in the default partition for that range are moved into the new partition first
-- (PostgreSQL refuses a new partition whose rows sit in the default one).
CREATE FUNCTION pga_create_partition(p_relation text, p_lower timestamptz, p_step interval) RETURNS text
LANGUAGE plpgsql SET timezone TO 'UTC' AS $$
DECLARE
  upper_bound timestamptz := p_lower + p_step;
  name text := p_relation || '_p' || to_char(p_lower, CASE WHEN p_step = INTERVAL '1 month' THEN 'YYYYMM' ELSE 'YYYYMMDD' END);
  default_name text := p_relation || '_default';
  stranded boolean;
BEGIN
  IF to_regclass(quote_ident(name)) IS NOT NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE time >= %L AND time < %L)', default_name, p_lower, upper_bound)
     INTO stranded;
  IF NOT stranded THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, p_relation, p_lower, upper_bound);
  ELSE
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, p_relation);
    EXECUTE format(
      'WITH moved AS (DELETE FROM %I WHERE time >= %L AND time < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
      default_name, p_lower, upper_bound, name);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', p_relation, name, p_lower, upper_bound);
  END IF;
  RETURN name;
END
$$;

-- Creates, for every partitioned relation in pga_retention, the partitions from the one holding
-- (p_now - 1 day) up to the one holding (p_now + p_days_ahead days). Returns the partitions created.
CREATE FUNCTION pga_ensure_partitions(p_days_ahead integer DEFAULT 7, p_now timestamptz DEFAULT now())
RETURNS SETOF text
LANGUAGE plpgsql SET timezone TO 'UTC' AS $$
DECLARE
  r record;
  step interval;
  lower_bound timestamptz;
  last_lower timestamptz;
  created text;
BEGIN
  IF p_days_ahead < 0 THEN
    RAISE EXCEPTION 'pga_ensure_partitions: p_days_ahead must be >= 0, got %', p_days_ahead;
  END IF;
  FOR r IN
    SELECT t.relation, t.class
      FROM pga_retention t
      JOIN pg_class c ON c.oid = to_regclass(quote_ident(t.relation))
     WHERE c.relkind = 'p'
     ORDER BY t.relation
  LOOP
    step := pga_partition_step(r.class);
    lower_bound := date_trunc(CASE WHEN step = INTERVAL '1 month' THEN 'month' ELSE 'day' END, p_now - INTERVAL '1 day');
    last_lower := date_trunc(CASE WHEN step = INTERVAL '1 month' THEN 'month' ELSE 'day' END,
                             p_now + make_interval(days => p_days_ahead));
    WHILE lower_bound <= last_lower LOOP
      created := pga_create_partition(r.relation, lower_bound, step);
      IF created IS NOT NULL THEN
        RETURN NEXT created;
      END IF;
      lower_bound := lower_bound + step;
    END LOOP;
  END LOOP;
END
$$;

-- Drops the partitions of p_relation that hold only rows older than p_older_than, and deletes such rows
-- from its default partition. Returns what was dropped.
CREATE FUNCTION pga_drop_partitions(p_relation text, p_older_than timestamptz) RETURNS SETOF text
LANGUAGE plpgsql SET timezone TO 'UTC' AS $$
DECLARE
  part record;
  upper_bound timestamptz;
BEGIN
  FOR part IN
    SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = to_regclass(quote_ident(p_relation))
     ORDER BY c.relname
  LOOP
    CONTINUE WHEN part.bound = 'DEFAULT';
    upper_bound := substring(part.bound FROM 'TO \(''([^'']+)''\)')::timestamptz;
    IF upper_bound <= p_older_than THEN
      EXECUTE format('DROP TABLE %I', part.relname);
      RETURN NEXT part.relname;
    END IF;
  END LOOP;
  IF to_regclass(quote_ident(p_relation || '_default')) IS NOT NULL THEN
    EXECUTE format('DELETE FROM %I WHERE time < %L', p_relation || '_default', p_older_than);
  END IF;
END
$$;

-- Applies retention to every registered relation (partitioned: drop partitions; otherwise: delete rows).
-- Returns the partitions dropped.
CREATE FUNCTION pga_enforce_retention(p_now timestamptz DEFAULT now()) RETURNS SETOF text
LANGUAGE plpgsql SET timezone TO 'UTC' AS $$
DECLARE
  r record;
  cutoff timestamptz;
BEGIN
  FOR r IN
    SELECT t.relation, t.class, c.relkind
      FROM pga_retention t
      JOIN pg_class c ON c.oid = to_regclass(quote_ident(t.relation))
     ORDER BY t.relation
  LOOP
    cutoff := p_now - make_interval(days => pga_retention_days(r.class));
    IF r.relkind = 'p' THEN
      RETURN QUERY SELECT pga_drop_partitions(r.relation, cutoff);
    ELSE
      EXECUTE format('DELETE FROM %I WHERE time < %L', r.relation, cutoff);
    END IF;
  END LOOP;
END
$$;
