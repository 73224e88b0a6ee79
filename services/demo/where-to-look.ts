import { DEADLETTER_STREAM, LOG_STREAM, METRIC_FAMILIES, topicName } from '../lib/kafka/topics.ts';
import { redactUrl } from '../lib/log/logger.ts';

// The "where to look next" block printed once the demo runs: how to reach every part it started, and two
// queries to paste into psql. The queries run on either storage mode (same table names in both).

/** The fleet's slowest queries: one identity per query (its fingerprint) across every server. */
export const TOP_QUERIES_SQL = `SELECT t.fingerprint, left(min(t.query), 50) AS query, count(DISTINCT s.server_id) AS servers,
       sum(s.calls) AS calls, round(sum(s.total_exec_time_ms)) AS total_ms
  FROM statements s JOIN query_texts t USING (server_id, queryid)
 WHERE s.time > now() - interval '1 hour' AND NOT s.first_seen
 GROUP BY t.fingerprint ORDER BY total_ms DESC LIMIT 10;`;

export const SERVERS_SQL =
  'SELECT server_id, host, pg_version_num, in_recovery, last_seen FROM servers ORDER BY server_id;';

export interface WhereToLook {
  databaseUrl: string;
  externalDatabase: boolean;
  /** Whether a psql client is on the PATH. */
  psqlFound: boolean;
  storageMode: string;
  opsPort: number | undefined;
  brokers: string[];
  topicPrefix: string;
  ingestGroup: string;
}

export function whereToLook(w: WhereToLook): string[] {
  // A password never reaches the screen: with an external URL, point at the variable instead.
  const psql = w.externalDatabase ? 'psql "$PGA_DATABASE_URL"' : `psql ${w.databaseUrl}`;
  const indent = (sql: string) => sql.split('\n').map((l) => `                 ${l}`);
  const ops = w.opsPort === undefined ? undefined : `http://127.0.0.1:${w.opsPort}`;
  return [
    'Where to look next',
    `  PostgreSQL     ${redactUrl(w.databaseUrl)}  (storage mode ${w.storageMode})`,
    `  psql           ${psql}${w.psqlFound ? '' : '   (no psql here: apt-get install postgresql-client)'}`,
    '  try            -- the fleet’s top queries of the last hour',
    ...indent(TOP_QUERIES_SQL),
    '                 -- the servers the agents reported',
    ...indent(SERVERS_SQL),
    ...(ops
      ? [`  ingest         ${ops}/metrics  (also /health, /ready)  consumer group ${w.ingestGroup}`]
      : []),
    `  Kafka          bootstrap ${w.brokers.join(',')}`,
    `  topics         ${topicName(w.topicPrefix, 'metrics.<family>.v1')}  (${METRIC_FAMILIES.join(', ')})`,
    `                 ${topicName(w.topicPrefix, LOG_STREAM)}, dead letters ${topicName(w.topicPrefix, DEADLETTER_STREAM)}`,
    '  stack          pga status   (pga down stops it; data stays in PGA_HOME)',
  ];
}
