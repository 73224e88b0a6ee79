import type { PoolClient } from '../lib/db/pool.ts';

// Every statement the ingest transaction runs, each a function of the client and its values.

export interface PartitionKey {
  topic: string;
  partition: number;
}

/** Locks the offset rows of these partitions for this transaction and returns the stored next offsets. */
export async function lockOffsets(
  client: PoolClient,
  group: string,
  parts: PartitionKey[],
): Promise<Map<string, bigint>> {
  const topics = parts.map((p) => p.topic);
  const partitions = parts.map((p) => p.partition);
  await client.query(
    `INSERT INTO ingest_offsets (consumer_group, topic, partition, next_offset)
     SELECT $1, t, p, 0 FROM unnest($2::text[], $3::int[]) AS x(t, p)
     ON CONFLICT DO NOTHING`,
    [group, topics, partitions],
  );
  const res = await client.query<{ topic: string; partition: number; next_offset: string | number }>(
    `SELECT o.topic, o.partition, o.next_offset
       FROM ingest_offsets o
       JOIN unnest($2::text[], $3::int[]) AS x(t, p) ON o.topic = x.t AND o.partition = x.p
      WHERE o.consumer_group = $1
      ORDER BY o.topic, o.partition
        FOR UPDATE OF o`,
    [group, topics, partitions],
  );
  const out = new Map<string, bigint>();
  for (const r of res.rows) out.set(partKey(r.topic, r.partition), BigInt(r.next_offset));
  return out;
}

export async function storeOffsets(
  client: PoolClient,
  group: string,
  next: Array<PartitionKey & { nextOffset: bigint }>,
): Promise<void> {
  await client.query(
    `UPDATE ingest_offsets o
        SET next_offset = x.o, updated_at = now()
       FROM unnest($2::text[], $3::int[], $4::bigint[]) AS x(t, p, o)
      WHERE o.consumer_group = $1 AND o.topic = x.t AND o.partition = x.p AND o.next_offset < x.o`,
    [group, next.map((n) => n.topic), next.map((n) => n.partition), next.map((n) => n.nextOffset.toString())],
  );
}

/** Offsets stored for a group (used to seek on partition assignment). */
export async function readOffsets(
  client: { query: PoolClient['query'] },
  group: string,
): Promise<Array<PartitionKey & { nextOffset: string }>> {
  const res = await client.query<{ topic: string; partition: number; next_offset: string | number }>(
    'SELECT topic, partition, next_offset FROM ingest_offsets WHERE consumer_group = $1',
    [group],
  );
  return res.rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: String(r.next_offset) }));
}

export interface LedgerEntry {
  serverId: string;
  stream: string;
  sequence: string;
  collectedAt: string;
  rowCount: number;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Records batches in the ledger; returns the offsets ("topic/partition/offset") of those that were new.
 * A batch already in the ledger was resent by its agent and is dropped.
 */
export async function recordBatches(client: PoolClient, entries: LedgerEntry[]): Promise<Set<string>> {
  const res = await client.query<{ topic: string; partition: number; kafka_offset: string | number }>(
    `INSERT INTO ingest_batches (server_id, stream, sequence, collected_at, row_count, topic, partition, kafka_offset)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::int[], $6::text[], $7::int[], $8::bigint[])
     ON CONFLICT DO NOTHING
     RETURNING topic, partition, kafka_offset`,
    [
      entries.map((e) => e.serverId),
      entries.map((e) => e.stream),
      entries.map((e) => e.sequence),
      entries.map((e) => e.collectedAt),
      entries.map((e) => e.rowCount),
      entries.map((e) => e.topic),
      entries.map((e) => e.partition),
      entries.map((e) => e.offset),
    ],
  );
  return new Set(res.rows.map((r) => `${r.topic}/${r.partition}/${r.kafka_offset}`));
}

export interface ServerSeen {
  serverId: string;
  host: string;
  pgVersionNum: number | null;
  inRecovery: boolean | null;
  collectorId: string;
  lastSeen: string;
}

export async function upsertServers(client: PoolClient, servers: ServerSeen[]): Promise<void> {
  if (servers.length === 0) return;
  await client.query(
    `INSERT INTO servers (server_id, host, pg_version_num, in_recovery, collector_id, first_seen, last_seen)
     SELECT s, h, v, r, c, t, t FROM unnest($1::text[], $2::text[], $3::int[], $4::bool[], $5::text[], $6::timestamptz[])
         AS x(s, h, v, r, c, t)
     ON CONFLICT (server_id) DO UPDATE
        SET host = EXCLUDED.host,
            pg_version_num = COALESCE(EXCLUDED.pg_version_num, servers.pg_version_num),
            in_recovery = COALESCE(EXCLUDED.in_recovery, servers.in_recovery),
            collector_id = EXCLUDED.collector_id,
            last_seen = GREATEST(servers.last_seen, EXCLUDED.last_seen)`,
    [
      servers.map((s) => s.serverId),
      servers.map((s) => s.host),
      servers.map((s) => s.pgVersionNum),
      servers.map((s) => s.inRecovery),
      servers.map((s) => s.collectorId),
      servers.map((s) => s.lastSeen),
    ],
  );
}

export interface QueryTextRow {
  serverId: string;
  queryid: string;
  dbid: string;
  userid: string;
  toplevel: boolean | null;
  query: string;
  queryTruncated: boolean;
  queryLength: string;
  fingerprint: string | null;
  fingerprintVersion: string;
  seenAt: string;
}

export async function upsertQueryTexts(client: PoolClient, rows: QueryTextRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO query_texts (server_id, queryid, dbid, userid, toplevel, query, query_truncated, query_length,
                              fingerprint, fingerprint_version, first_seen, last_seen, time)
     SELECT s, q, d, u, tl, t, tr, l, f, fv, ts, ts, ts
       FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bool[], $6::text[], $7::bool[],
                   $8::bigint[], $9::text[], $10::text[], $11::timestamptz[])
         AS x(s, q, d, u, tl, t, tr, l, f, fv, ts)
     ON CONFLICT (server_id, queryid) DO UPDATE
        SET query = EXCLUDED.query,
            query_truncated = EXCLUDED.query_truncated,
            query_length = EXCLUDED.query_length,
            fingerprint = COALESCE(EXCLUDED.fingerprint, query_texts.fingerprint),
            fingerprint_version = EXCLUDED.fingerprint_version,
            last_seen = GREATEST(query_texts.last_seen, EXCLUDED.last_seen),
            time = GREATEST(query_texts.time, EXCLUDED.time)`,
    [
      rows.map((r) => r.serverId),
      rows.map((r) => r.queryid),
      rows.map((r) => r.dbid),
      rows.map((r) => r.userid),
      rows.map((r) => r.toplevel),
      rows.map((r) => r.query),
      rows.map((r) => r.queryTruncated),
      rows.map((r) => r.queryLength),
      rows.map((r) => r.fingerprint),
      rows.map((r) => r.fingerprintVersion),
      rows.map((r) => r.seenAt),
    ],
  );
}

export function partKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}
