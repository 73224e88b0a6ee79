-- Indexes the reads need, created on the parents (partitioned tables or hypertables), so every partition or
-- chunk gets them. Reads are per server over a time range; statements are also read per query.

CREATE INDEX statements_server_query_time_idx ON statements (server_id, queryid, time);
-- Large, append-ordered tables: BRIN on time lets range scans over many servers skip blocks cheaply.
CREATE INDEX statements_time_brin ON statements USING brin (time);
CREATE INDEX table_stats_time_brin ON table_stats USING brin (time);
CREATE INDEX index_stats_time_brin ON index_stats USING brin (time);
CREATE INDEX log_events_time_brin ON log_events USING brin (time);

CREATE INDEX statements_info_server_time_idx ON statements_info (server_id, time);
CREATE INDEX activity_sessions_server_time_idx ON activity_sessions (server_id, time);
CREATE INDEX activity_blocking_server_time_idx ON activity_blocking (server_id, time);
CREATE INDEX activity_summary_server_time_idx ON activity_summary (server_id, time);
CREATE INDEX checkpointer_stats_server_time_idx ON checkpointer_stats (server_id, time);
CREATE INDEX io_stats_server_time_idx ON io_stats (server_id, time);
CREATE INDEX database_stats_server_time_idx ON database_stats (server_id, time);
CREATE INDEX table_stats_server_time_idx ON table_stats (server_id, time);
CREATE INDEX index_stats_server_time_idx ON index_stats (server_id, time);
CREATE INDEX replication_stats_server_time_idx ON replication_stats (server_id, time);
CREATE INDEX replication_slots_server_time_idx ON replication_slots (server_id, time);
CREATE INDEX replication_receiver_server_time_idx ON replication_receiver (server_id, time);
CREATE INDEX settings_server_time_idx ON settings (server_id, time);
CREATE INDEX system_cpu_server_time_idx ON system_cpu (server_id, time);
CREATE INDEX system_memory_server_time_idx ON system_memory (server_id, time);
CREATE INDEX system_disks_server_time_idx ON system_disks (server_id, time);
CREATE INDEX system_filesystems_server_time_idx ON system_filesystems (server_id, time);
CREATE INDEX system_network_server_time_idx ON system_network (server_id, time);
CREATE INDEX log_events_server_time_idx ON log_events (server_id, time);
