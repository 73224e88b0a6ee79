import pg from 'pg';
import { quoteIdent } from '../lib/db/quote.ts';
import type { Admin } from '../lib/kafka/client.ts';

// What the progress block reads: exact row counts of every pgAnalytics table (the time-series relations
// registered in pga_retention, rollups included, plus query texts and servers) and the ingest lag, measured
// against the database — the truth of the exactly-once sink — rather than against Kafka's committed offsets.

/** Tables besides the time-series ones that show what ingest wrote. */
const EXTRA_TABLES = ['query_texts', 'servers'];
/** A count that takes longer is abandoned (the next block tries again): the demo must never hang on it. */
const COUNT_TIMEOUT_MS = 4000;

export interface Observer {
  rowsByTable(): Promise<Record<string, number>>;
  /** Messages in the topics that are not yet stored in the database for `group`. */
  lagMessages(): Promise<number>;
  close(): Promise<void>;
}

export async function createObserver(opts: {
  databaseUrl: string;
  admin: Admin;
  topics: string[];
  group: string;
}): Promise<Observer> {
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: 1,
    application_name: 'pga-demo',
    statement_timeout: COUNT_TIMEOUT_MS,
    connectionTimeoutMillis: 3000,
  });
  pool.on('error', () => undefined);
  await opts.admin.connect();
  let countSql: { sql: string; tables: string[] } | undefined;

  const prepareCount = async () => {
    const res = await pool.query<{ relation: string }>(
      'SELECT relation FROM pga_retention ORDER BY relation',
    );
    const tables = [...res.rows.map((r) => r.relation), ...EXTRA_TABLES];
    const sql = tables
      .map((t, i) => `SELECT ${i} AS i, count(*)::bigint AS n FROM ${quoteIdent(t)}`)
      .join('\nUNION ALL ');
    return { sql, tables };
  };

  return {
    async rowsByTable() {
      countSql ??= await prepareCount();
      const { sql, tables } = countSql;
      const res = await pool.query<{ i: number; n: string }>(sql);
      const out: Record<string, number> = {};
      for (const r of res.rows) out[tables[r.i]!] = Number(r.n);
      return out;
    },
    async lagMessages() {
      const stored = await pool.query<{ topic: string; partition: number; next_offset: string }>(
        'SELECT topic, partition, next_offset::text FROM ingest_offsets WHERE consumer_group = $1',
        [opts.group],
      );
      const next = new Map(stored.rows.map((r) => [`${r.topic}/${r.partition}`, BigInt(r.next_offset)]));
      let lag = 0n;
      for (const topic of opts.topics) {
        for (const p of await opts.admin.fetchTopicOffsets(topic)) {
          const from = next.get(`${topic}/${p.partition}`) ?? BigInt(p.low);
          if (BigInt(p.high) > from) lag += BigInt(p.high) - from;
        }
      }
      return Number(lag);
    },
    async close() {
      await Promise.allSettled([pool.end(), opts.admin.disconnect()]);
    },
  };
}
