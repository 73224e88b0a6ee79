import type { Pool, PoolClient } from '../lib/db/pool.ts';
import { withClient } from '../lib/db/checkout.ts';
import { errorMessage } from '../lib/errors.ts';
import { FINGERPRINT_VERSION } from '../lib/fingerprint/fingerprint.ts';
import { classifyDbError } from '../lib/retry/classify-db-error.ts';
import { copyFormatFor, DEFAULT_COPY_FORMAT, forgetColumnTypes, type CopyFormat } from './copy-format.ts';
import { copyInto, type CopySource, type CopyTarget } from './copy-into.ts';
import { microsToTimestamp } from './copy-text.ts';
import type { DeadLetterSource } from './dead-letter.ts';
import type { DecodedBatch } from './decode-message.ts';
import {
  lockOffsets,
  partKey,
  recordBatches,
  storeOffsets,
  upsertQueryTexts,
  upsertServers,
  type LedgerEntry,
  type QueryTextRow,
  type ServerSeen,
} from './sql.ts';

// Writes one group commit: the rows of many Kafka messages, from any partitions, in ONE transaction
// together with the next offset of every partition they came from. That transaction is what makes the
// sink exactly-once:
//   1. lock the partitions' offset rows; drop messages below the stored offset (already written by an
//      earlier run or by another consumer before a rebalance);
//   2. record each batch in the ledger; drop batches an agent resent (same server, stream, sequence);
//   3. COPY every table's rows; upsert query texts and servers;
//   4. store next offsets; hand dead letters to `beforeCommit` (they must be durable in Kafka first);
//   5. COMMIT.
// When the database refuses the data itself (SQLSTATE 22/23), the transaction is redone with one
// savepoint per message so that only the offending messages are dead-lettered.

export interface PartitionContribution {
  topic: string;
  partition: number;
  /** Offset of the last message of this contribution; the stored next offset becomes lastOffset + 1. */
  lastOffset: string;
  batches: DecodedBatch[];
  /** Messages already known to be poison (undecodable), by offset. */
  poison: PoisonRecord[];
}

export interface PoisonRecord {
  topic: string;
  partition: number;
  offset: string;
  reason: string;
  message: string;
  source: DeadLetterSource;
}

export interface WriteResult {
  rows: number;
  batches: number;
  skippedOffsets: number;
  duplicateBatches: number;
  /** Every poison record of this commit: decode-time and database-refused ones. */
  poison: PoisonRecord[];
  rowsByTable: Map<string, number>;
}

export interface WriteOptions {
  group: string;
  /** Called inside the transaction, before COMMIT, with all poison records; must make them durable. */
  beforeCommit: (poison: PoisonRecord[]) => Promise<void>;
  /** Fingerprints for query texts, computed before the transaction. */
  fingerprints: Map<string, string | null>;
  /** COPY format (PGA_INGEST_COPY_FORMAT); binary falls back to text for a table whose columns differ. */
  copyFormat?: CopyFormat;
}

export async function writeContributions(
  pool: Pool,
  contributions: PartitionContribution[],
  opts: WriteOptions,
): Promise<WriteResult> {
  // withClient: a connection lost mid-transaction (the database restarted) fails the write instead of
  // ending the process with an unhandled 'error' event; the consumer retries it.
  return withClient(pool, async (client, lease) => {
    try {
      try {
        return await transaction(client, contributions, opts, false);
      } catch (err) {
        if (classifyDbError(err) !== 'data') throw err;
        return await transaction(client, contributions, opts, true);
      }
    } catch (err) {
      if (classifyDbError(err) === 'transient') lease.broken(err instanceof Error ? err : undefined);
      throw err;
    }
  });
}

async function transaction(
  client: PoolClient,
  contributions: PartitionContribution[],
  opts: WriteOptions,
  perMessage: boolean,
): Promise<WriteResult> {
  const result: WriteResult = {
    rows: 0,
    batches: 0,
    skippedOffsets: 0,
    duplicateBatches: 0,
    poison: [],
    rowsByTable: new Map(),
  };
  await client.query('BEGIN');
  try {
    const stored = await lockOffsets(client, opts.group, contributions);
    const fresh: DecodedBatch[] = [];
    for (const c of contributions) {
      const next = stored.get(partKey(c.topic, c.partition)) ?? 0n;
      for (const b of c.batches) {
        if (BigInt(b.offset) >= next) fresh.push(b);
        else result.skippedOffsets++;
      }
      for (const p of c.poison) {
        if (BigInt(p.offset) >= next) result.poison.push(p);
        else result.skippedOffsets++;
      }
    }
    if (perMessage) {
      for (const b of fresh) {
        await client.query('SAVEPOINT pga_msg');
        try {
          await writeBatches(client, [b], opts, result);
          await client.query('RELEASE SAVEPOINT pga_msg');
        } catch (err) {
          if (classifyDbError(err) !== 'data') throw err;
          await client.query('ROLLBACK TO SAVEPOINT pga_msg');
          const code = (err as { code?: string }).code ?? '';
          result.poison.push({
            topic: b.topic,
            partition: b.partition,
            offset: b.offset,
            reason: 'DB_REJECTED',
            message: `database refused the rows (SQLSTATE ${code}): ${errorMessage(err)}`,
            source: b.source,
          });
        }
      }
    } else {
      await writeBatches(client, fresh, opts, result);
    }
    await storeOffsets(
      client,
      opts.group,
      contributions.map((c) => ({
        topic: c.topic,
        partition: c.partition,
        nextOffset: BigInt(c.lastOffset) + 1n,
      })),
    );
    if (result.poison.length > 0) await opts.beforeCommit(result.poison);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    // A table altered since its column types were checked: check again (the per-message pass will).
    if ((err as { code?: unknown }).code === '22P03') forgetColumnTypes();
    throw err;
  }
}

async function writeBatches(
  client: PoolClient,
  batches: DecodedBatch[],
  opts: WriteOptions,
  result: WriteResult,
) {
  if (batches.length === 0) return;
  const ledger: LedgerEntry[] = batches.map((b) => ({
    serverId: b.envelope.server_id,
    stream: b.stream,
    sequence: String(b.envelope.sequence),
    collectedAt: microsToTimestamp(b.envelope.collected_at),
    rowCount: b.rowCount,
    topic: b.topic,
    partition: b.partition,
    offset: b.offset,
  }));
  const isNew = await recordBatches(client, ledger);
  const tables = new Map<string, { target: CopyTarget; sources: CopySource[] }>();
  const texts: QueryTextRow[] = [];
  const servers = new Map<string, ServerSeen>();
  for (const b of batches) {
    if (!isNew.has(`${b.topic}/${b.partition}/${b.offset}`)) {
      result.duplicateBatches++;
      continue;
    }
    result.batches++;
    result.rows += b.rowCount;
    const seenAt = microsToTimestamp(b.envelope.collected_at);
    const prev = servers.get(b.envelope.server_id);
    if (!prev || prev.lastSeen < seenAt) {
      servers.set(b.envelope.server_id, {
        serverId: b.envelope.server_id,
        host: b.envelope.host,
        pgVersionNum: b.envelope.pg_version_num,
        inRecovery: b.envelope.in_recovery,
        collectorId: b.envelope.collector_id,
        lastSeen: seenAt,
      });
    }
    for (const t of b.tables) {
      result.rowsByTable.set(t.layout.table, (result.rowsByTable.get(t.layout.table) ?? 0) + t.rowCount);
      if (!t.copy) {
        for (const r of t.rows) texts.push(queryTextRow(b.envelope.server_id, seenAt, r, opts.fingerprints));
        continue;
      }
      let entry = tables.get(t.layout.table);
      if (!entry) tables.set(t.layout.table, (entry = { target: t.copy.target, sources: [] }));
      entry.sources.push(t.copy.source);
    }
  }
  for (const { target, sources } of tables.values()) {
    await copyInto(
      client,
      target,
      sources,
      await copyFormatFor(client, target, opts.copyFormat ?? DEFAULT_COPY_FORMAT),
    );
  }
  await upsertQueryTexts(client, dedupeTexts(texts));
  await upsertServers(client, [...servers.values()]);
}

function queryTextRow(
  serverId: string,
  seenAt: string,
  r: Record<string, unknown>,
  fingerprints: Map<string, string | null>,
): QueryTextRow {
  const query = String(r.query ?? '');
  return {
    serverId,
    queryid: String(r.queryid),
    dbid: String(r.dbid),
    userid: String(r.userid),
    toplevel: (r.toplevel as boolean | null | undefined) ?? null,
    query,
    queryTruncated: Boolean(r.query_truncated),
    queryLength: String(r.query_length ?? query.length),
    fingerprint: fingerprints.get(query) ?? null,
    fingerprintVersion: FINGERPRINT_VERSION,
    seenAt,
  };
}

/** One row per (server, queryid): ON CONFLICT cannot touch the same row twice in one statement. */
function dedupeTexts(rows: QueryTextRow[]): QueryTextRow[] {
  const byKey = new Map<string, QueryTextRow>();
  for (const r of rows) {
    const k = `${r.serverId}\u0000${r.queryid}`;
    const prev = byKey.get(k);
    if (!prev || prev.seenAt <= r.seenAt) byKey.set(k, r);
  }
  return [...byKey.values()];
}
