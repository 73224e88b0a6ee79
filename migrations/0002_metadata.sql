-- What the pipeline knows besides the metrics: monitored servers, agents, the exactly-once bookkeeping of
-- the ingest service, query texts, and the analyzer's events. Ordinary tables in both storage modes.

-- One row per monitored server, upserted by ingest from every batch envelope.
CREATE TABLE servers (
  server_id       text         PRIMARY KEY,
  host            text         NOT NULL,
  pg_version_num  integer      CHECK (pg_version_num > 0),
  in_recovery     boolean,
  collector_id    text         NOT NULL,
  first_seen      timestamptz  NOT NULL DEFAULT now(),
  last_seen       timestamptz  NOT NULL DEFAULT now()
);

-- Agents (collectors): registered by the API, which issues their tokens and serves their configuration.
CREATE TABLE collectors (
  collector_id  text         PRIMARY KEY,
  name          text         NOT NULL,
  created_at    timestamptz  NOT NULL DEFAULT now(),
  last_seen     timestamptz,
  metadata      jsonb        NOT NULL DEFAULT '{}'::jsonb
);

-- The next Kafka offset to read per consumer group and partition, written in the same transaction as the
-- rows of the messages before it (the exactly-once sink).
CREATE TABLE ingest_offsets (
  consumer_group  text         NOT NULL,
  topic           text         NOT NULL,
  partition       integer      NOT NULL CHECK (partition >= 0),
  next_offset     bigint       NOT NULL CHECK (next_offset >= 0),
  updated_at      timestamptz  NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition)
);

-- Ledger of the batches written, by the agent's (server, stream, sequence, collected_at): a batch the agent
-- resent (after a timeout, or replayed from its spool) is found here and dropped. collected_at is part of
-- the key so that an agent whose sequence restarted (state lost) is never mistaken for a resend. Pruned after the raw retention (pga_prune_ingest_batches).
CREATE TABLE ingest_batches (
  server_id     text         NOT NULL,
  stream        text         NOT NULL,
  sequence      bigint       NOT NULL,
  collected_at  timestamptz  NOT NULL,
  row_count     integer      NOT NULL CHECK (row_count >= 0),
  topic         text         NOT NULL,
  partition     integer      NOT NULL CHECK (partition >= 0),
  kafka_offset  bigint       NOT NULL CHECK (kafka_offset >= 0),
  ingested_at   timestamptz  NOT NULL DEFAULT now(),
  PRIMARY KEY (server_id, stream, sequence, collected_at)
);
-- Rows arrive in ingested_at order, so a BRIN index serves the pruning at almost no write cost.
CREATE INDEX ingest_batches_ingested_at_brin ON ingest_batches USING brin (ingested_at);

-- Normalised statement text per (server, queryid), upserted by ingest from metrics.querytexts.v1 (field
-- `texts`). The first columns are that schema's table contract (time = the last batch that carried the text);
-- the fingerprint (pg_query, computed by ingest with a pinned library version) and first/last seen follow.
CREATE TABLE query_texts (
  time                 timestamptz  NOT NULL,
  server_id            text         NOT NULL,
  dbid                 bigint       NOT NULL,
  userid               bigint       NOT NULL,
  queryid              bigint       NOT NULL,
  toplevel             boolean,
  query                text         NOT NULL,
  query_truncated      boolean      NOT NULL,
  query_length         bigint       NOT NULL CHECK (query_length >= 0),
  fingerprint          text,
  fingerprint_version  text,
  first_seen           timestamptz  NOT NULL DEFAULT now(),
  last_seen            timestamptz  NOT NULL DEFAULT now(),
  PRIMARY KEY (server_id, queryid)
);
CREATE INDEX query_texts_fingerprint_idx ON query_texts (fingerprint) WHERE fingerprint IS NOT NULL;

-- Anomaly events (anomalies.v1), one row per anomaly_id. The explanation is the event's array of
-- features, kept as JSON: it is read whole, never aggregated.
CREATE TABLE anomalies (
  anomaly_id     text              PRIMARY KEY,
  server_id      text              NOT NULL,
  fingerprint    text              NOT NULL,
  queryid        bigint,
  detected_at    timestamptz       NOT NULL,
  window_start   timestamptz       NOT NULL,
  window_end     timestamptz       NOT NULL,
  score          double precision  NOT NULL,
  threshold      double precision  NOT NULL,
  severity       text              NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  model_version  text              NOT NULL,
  explanation    jsonb             NOT NULL DEFAULT '[]'::jsonb,
  summary        text              NOT NULL,
  CHECK (window_start <= window_end)
);
CREATE INDEX anomalies_server_detected_idx ON anomalies (server_id, detected_at);
CREATE INDEX anomalies_fingerprint_detected_idx ON anomalies (fingerprint, detected_at);

-- Recommendations (recommendations.v1): the latest lifecycle state of each finding.
--   open -> acknowledged -> resolved | expired | dismissed   (open may also go straight to the last three)
-- dedupe_key names the finding (kind + object): the same finding is one row, reopened rather than repeated.
CREATE TABLE recommendations (
  recommendation_id  text              PRIMARY KEY,
  server_id          text              NOT NULL,
  kind               text              NOT NULL,
  title              text              NOT NULL,
  status             text              NOT NULL DEFAULT 'open'
                                       CHECK (status IN ('open', 'acknowledged', 'resolved', 'expired', 'dismissed')),
  created_at         timestamptz       NOT NULL,
  updated_at         timestamptz       NOT NULL,
  evidence           jsonb             NOT NULL DEFAULT '[]'::jsonb,
  suggested_sql      text,
  estimated_benefit  text              NOT NULL,
  benefit_score      double precision  NOT NULL CHECK (benefit_score BETWEEN 0 AND 1),
  fingerprint        text,
  dedupe_key         text              NOT NULL UNIQUE
);
CREATE INDEX recommendations_server_status_idx ON recommendations (server_id, status);

-- Deletes ledger entries older than the raw retention: a batch resent that late would land in data that
-- retention is dropping anyway. Returns the number of entries deleted.
CREATE FUNCTION pga_prune_ingest_batches(p_now timestamptz DEFAULT now()) RETURNS bigint
LANGUAGE sql AS $$
  WITH pruned AS (
    DELETE FROM ingest_batches
     WHERE ingested_at < p_now - make_interval(days => pga_retention_days('raw'))
    RETURNING 1
  )
  SELECT count(*) FROM pruned
$$;
