-- Storage plumbing shared by both modes. The runner has already created pga_migrations and pga_meta (the
-- storage mode and the retention settings live there, written by `pga migrate`).

-- Every time-series relation and the retention class it follows. In plain mode the partition functions and
-- in TimescaleDB mode the retention policies are driven from this list, so a new metric table only has to be
-- registered here to be kept and expired like the others.
CREATE TABLE pga_retention (
  relation  text  PRIMARY KEY,
  class     text  NOT NULL CHECK (class IN ('raw', 'hourly', 'daily'))
);

-- Days to keep for a retention class: the value `pga migrate` stored from PGA_RETENTION_*_DAYS, else the
-- default (raw 14 days, hourly 90 days, daily 2 years).
CREATE FUNCTION pga_retention_days(p_class text) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT COALESCE(
    (SELECT value::integer FROM pga_meta WHERE key = 'retention_' || p_class || '_days'),
    CASE p_class WHEN 'raw' THEN 14 WHEN 'hourly' THEN 90 WHEN 'daily' THEN 730 END
  )
$$;
