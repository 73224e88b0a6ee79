-- TimescaleDB mode: every raw metric table becomes a hypertable (one-day chunks, compressed after a day)
-- with a retention policy of pga_retention_days('raw').
SELECT pga_make_hypertable(relation) FROM pga_retention WHERE class = 'raw' ORDER BY relation;
SELECT pga_apply_retention_policies();
