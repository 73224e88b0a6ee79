-- Plain mode: 0005's (server_id, time) indexes of the statement rollups are a prefix of the covering
-- indexes of 0008_read_indexes.sql, which serve every read they served.
DROP INDEX statements_1h_server_time_idx;
DROP INDEX statements_1d_server_time_idx;
