-- Indexes for the API's reads (services/api/sql/reads/), in both storage modes. The per-server reads of the
-- metric tables and rollups are served by 0004 and 0005; these serve the reads across the whole fleet.

-- The representative text of a fingerprint (the newest one), read for every item of the fleet-wide top
-- queries and by the query detail. It also serves every lookup by fingerprint, so it replaces 0002's.
CREATE INDEX query_texts_fingerprint_last_seen_idx ON query_texts (fingerprint, last_seen DESC)
  WHERE fingerprint IS NOT NULL;
DROP INDEX query_texts_fingerprint_idx;

-- Log search across servers, newest first: a btree on time lets `ORDER BY time DESC LIMIT n` stop after n
-- rows where the BRIN index of 0004 would read and sort every row of the range.
CREATE INDEX log_events_time_idx ON log_events (time);

-- Anomalies and recommendations across servers, newest first (0002 indexes them per server).
CREATE INDEX anomalies_detected_idx ON anomalies (detected_at);
CREATE INDEX recommendations_updated_idx ON recommendations (updated_at);

-- Top queries of one server, the API's most frequent read: an index-only scan of that server's rollup
-- buckets in the range, carrying every column the read sums, instead of one heap visit per bucket row
-- (a quarter less time per read). Refreshes rewrite only recent buckets, so older ones stay all-visible.
-- The plain-mode file drops 0005's (server_id, time) indexes, a prefix of these.
CREATE INDEX statements_1h_server_time_totals_idx ON statements_1h (server_id, time)
  INCLUDE (queryid, dbid, userid, calls, total_exec_time_ms, max_exec_time_ms, rows, shared_blks_hit,
           shared_blks_read, shared_blks_written, local_blks_read, local_blks_written, shared_blk_read_time_ms,
           shared_blk_write_time_ms, local_blk_read_time_ms, local_blk_write_time_ms, temp_blks_read,
           temp_blks_written);
CREATE INDEX statements_1d_server_time_totals_idx ON statements_1d (server_id, time)
  INCLUDE (queryid, dbid, userid, calls, total_exec_time_ms, max_exec_time_ms, rows, shared_blks_hit,
           shared_blks_read, shared_blks_written, local_blks_read, local_blks_written, shared_blk_read_time_ms,
           shared_blk_write_time_ms, local_blk_read_time_ms, local_blk_write_time_ms, temp_blks_read,
           temp_blks_written);
