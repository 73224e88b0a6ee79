-- Plain mode: every raw metric table becomes a table partitioned by day on `time` (partitions are created
-- ahead by pga_ensure_partitions, which `pga migrate` and `pga maintain` call).
SELECT pga_make_partitioned(relation) FROM pga_retention WHERE class = 'raw' ORDER BY relation;
