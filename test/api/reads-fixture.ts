import type { SqlExecutor } from '../../services/lib/db/executor.ts';
import type { StorageMode } from '../../services/lib/db/migrate/storage-mode.ts';
import { ensurePartitions } from '../../services/lib/db/storage/partitions.ts';
import { refreshRollups } from '../../services/lib/db/storage/rollups.ts';
import { insertRows, type TestRow } from '../migrations/support/rows.ts';

// A small deterministic fleet for the read tests, written with SQL into the API's scratch database: three
// servers over the two whole UTC days before today, a sample every 15 minutes, rollups refreshed. Every
// double is a multiple of 1/8, so sums are exact in any order and raw, hourly and daily reads agree to the
// bit. Also log events, anomalies and recommendations, and the expected totals computed here.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STEP = 15 * 60_000;

export const FP = { f1: 'aaaa000000000001', f2: 'aaaa000000000002', f3: 'aaaa000000000003' } as const;

interface FixtureQuery {
  server: string;
  queryid: string;
  /** null: no text row; '': a text row without fingerprint (did not parse). */
  fingerprint: string | null;
  text: string;
  scale: number;
}

export const QUERIES: FixtureQuery[] = [
  { server: 'srv-a', queryid: '1001', fingerprint: FP.f1, text: 'SELECT * FROM t WHERE id = $1', scale: 1 },
  {
    server: 'srv-a',
    queryid: '-9223372036854775807',
    fingerprint: FP.f2,
    text: 'UPDATE t SET x = $1',
    scale: 3,
  },
  {
    server: 'srv-a',
    queryid: '9223372036854775806',
    fingerprint: FP.f3,
    text: 'SELECT sum(x) FROM big',
    scale: 5,
  },
  { server: 'srv-a', queryid: '4004', fingerprint: null, text: '', scale: 2 },
  { server: 'srv-a', queryid: '5005', fingerprint: '', text: 'SELECT 1 FROM (truncated', scale: 1 },
  { server: 'srv-b', queryid: '2001', fingerprint: FP.f1, text: 'SELECT * FROM t WHERE id = $1', scale: 2 },
  { server: 'srv-b', queryid: '9007199254740993', fingerprint: FP.f2, text: 'UPDATE t SET x = $1', scale: 1 },
  { server: 'srv-c', queryid: '3001', fingerprint: FP.f1, text: 'SELECT * FROM t WHERE id = $1', scale: 4 },
];

export const SERVERS = ['srv-a', 'srv-b', 'srv-c'];

export interface Totals {
  calls: number;
  total_time_ms: number;
  rows: number;
  shared_blks_hit: number;
  shared_blks_read: number;
  io_blocks: number;
  temp_blks_read: number;
  temp_blks_written: number;
}

export interface ReadsFixture {
  start: Date;
  end: Date;
  /** Time of the last sample of every server. */
  lastSample: Date;
  /** Sums per `${server}/${queryid}` over the whole fixture (first_seen rows left out). */
  byQuery: Map<string, Totals>;
  /** Sums per fingerprint across servers, and the servers running it. */
  byFingerprint: Map<string, Totals & { servers: Set<string> }>;
  statementRows: number;
  tableStatsRows: number;
  logEvents: number;
}

const zero = (): Totals => ({
  calls: 0,
  total_time_ms: 0,
  rows: 0,
  shared_blks_hit: 0,
  shared_blks_read: 0,
  io_blocks: 0,
  temp_blks_read: 0,
  temp_blks_written: 0,
});

function add(t: Totals, r: TestRow): void {
  t.calls += r.calls as number;
  t.total_time_ms += r.total_exec_time_ms as number;
  t.rows += r.rows as number;
  t.shared_blks_hit += r.shared_blks_hit as number;
  t.shared_blks_read += r.shared_blks_read as number;
  t.io_blocks += (r.shared_blks_read as number) + (r.shared_blks_written as number);
  t.temp_blks_read += r.temp_blks_read as number;
  t.temp_blks_written += r.temp_blks_written as number;
}

/** Writes the fixture into a migrated database of either storage mode (`end`: today, midnight UTC). */
export async function seedReads(
  db: SqlExecutor,
  mode: StorageMode = 'plain',
  end = new Date(Math.floor(Date.now() / DAY) * DAY),
): Promise<ReadsFixture> {
  const start = new Date(end.getTime() - 2 * DAY);
  if (mode === 'plain') await ensurePartitions(db, 3, start);

  const statements: TestRow[] = [];
  const cpu: TestRow[] = [];
  const memory: TestRow[] = [];
  const activity: TestRow[] = [];
  const tableStats: TestRow[] = [];
  const byQuery = new Map<string, Totals>();
  const byFingerprint = new Map<string, Totals & { servers: Set<string> }>();
  const samples = (2 * DAY) / STEP;
  for (let i = 0; i < samples; i++) {
    const time = new Date(start.getTime() + i * STEP);
    QUERIES.forEach((q, qi) => {
      if ((i + qi) % 4 === 3) return; // not every statement runs in every interval
      const firstSeen = i === qi * 5 + 1; // an agent restart: cumulative counters, left out of every sum
      const calls = firstSeen ? 1_000_000 : ((i * 7 + qi) % 13) + 1;
      const row: TestRow = {
        time,
        server_id: q.server,
        dbid: 16384,
        userid: 10,
        queryid: q.queryid,
        toplevel: true,
        database_name: 'app',
        user_name: 'app',
        calls,
        rows: calls * 2,
        total_exec_time_ms: firstSeen ? 9_999_999 : (calls * q.scale * (((i + qi) % 9) + 1)) / 8,
        max_exec_time_ms: (q.scale * 10) / 8,
        shared_blks_hit: calls * 10,
        shared_blks_read: (i + qi) % 5,
        shared_blks_written: (i * qi) % 3,
        temp_blks_read: q.scale === 5 ? calls * 4 : 0,
        temp_blks_written: q.scale === 5 ? calls * 4 : 0,
        first_seen: firstSeen,
      };
      statements.push(row);
      if (firstSeen) return;
      const key = `${q.server}/${q.queryid}`;
      if (!byQuery.has(key)) byQuery.set(key, zero());
      add(byQuery.get(key) as Totals, row);
      if (q.fingerprint) {
        if (!byFingerprint.has(q.fingerprint))
          byFingerprint.set(q.fingerprint, { ...zero(), servers: new Set() });
        const f = byFingerprint.get(q.fingerprint) as Totals & { servers: Set<string> };
        add(f, row);
        f.servers.add(q.server);
      }
    });
    SERVERS.forEach((server_id, si) => {
      const busy = ((i + si * 3) % 16) * 4;
      cpu.push({
        time,
        server_id,
        user_pct: busy / 2,
        system_pct: busy / 2,
        iowait_pct: 0,
        idle_pct: 100 - busy,
        steal_pct: 0,
        load1: busy / 16,
        load5: 1,
        load15: 1,
        cpus: 8,
        context_switches: 1000,
      });
      memory.push({
        time,
        server_id,
        total_bytes: 16 * 2 ** 30,
        used_bytes: (i % 8) * 2 ** 30,
        available_bytes: (16 - (i % 8)) * 2 ** 30,
      });
      activity.push({ time, server_id, total: 20 + si, active: i % 5, max_connections: 100 });
    });
    if (i < 8) {
      for (const [relid, relname] of [
        [16400, 'orders'],
        [16401, 'customers'],
        [16402, 'items'],
      ] as const) {
        tableStats.push({
          time,
          server_id: 'srv-a',
          datname: 'app',
          schemaname: 'public',
          relid,
          relname,
          n_live_tup: i,
        });
      }
    }
  }
  await insertRows(db, 'statements', statements);
  await insertRows(db, 'system_cpu', cpu);
  await insertRows(db, 'system_memory', memory);
  await insertRows(db, 'activity_summary', activity);
  await insertRows(db, 'table_stats', tableStats);

  const lastSample = new Date(start.getTime() + (samples - 1) * STEP);
  await db.query(
    `INSERT INTO servers (server_id, host, pg_version_num, in_recovery, collector_id, first_seen, last_seen)
     SELECT s, s || '.example.internal', 170004, s = 'srv-c', 'col-1', $1, $2 FROM unnest($3::text[]) AS s`,
    [start, lastSample, SERVERS],
  );
  for (const q of QUERIES.filter((x) => x.fingerprint !== null)) {
    await db.query(
      `INSERT INTO query_texts (time, server_id, dbid, userid, queryid, toplevel, query, query_truncated, query_length,
                                fingerprint, fingerprint_version, first_seen, last_seen)
       VALUES ($1, $2, 16384, 10, $3, true, $4, $5, length($4), NULLIF($6, ''), 'libpg-query@test', $1, $7)`,
      [
        start,
        q.server,
        q.queryid,
        q.text,
        q.fingerprint === '',
        q.fingerprint,
        new Date(end.getTime() - QUERIES.indexOf(q) * HOUR),
      ],
    );
  }

  const logs: TestRow[] = [];
  const severities = ['LOG', 'WARNING', 'ERROR', 'FATAL', 'LOG', 'INFO'];
  const messages = [
    'checkpoint complete',
    'disk is 100% full_now',
    'duplicate key value violates unique constraint "t_pkey"',
    'terminating connection due to administrator command',
    'temporary file: path "base/pgsql_tmp/pgsql_tmp1.0", size 1000',
    'disk is 1000 full',
  ];
  for (let i = 0; i < 30; i++) {
    // Three events per batch: same time and server, in log order.
    const time = new Date(start.getTime() + Math.floor(i / 3) * HOUR);
    logs.push({
      time,
      server_id: i % 2 === 0 ? 'srv-a' : 'srv-b',
      log_time: new Date(time.getTime() - (3 - (i % 3)) * 1000),
      severity: severities[i % severities.length],
      sqlstate: i % 6 === 2 ? '23505' : null,
      category: i % 6 === 2 ? 'error' : i % 6 === 4 ? 'temp_file' : 'other',
      database_name: 'app',
      pid: 100 + (i % 4),
      message: messages[i % messages.length],
      line_count: 1,
      truncated: false,
    });
  }
  await insertRows(db, 'log_events', logs);

  const anomalyStatuses = ['open', 'open', 'open', 'acknowledged', 'open', 'dismissed'];
  for (let i = 0; i < anomalyStatuses.length; i++) {
    const detected = new Date(start.getTime() + (i + 1) * 4 * HOUR);
    await db.query(
      `INSERT INTO anomalies (anomaly_id, server_id, fingerprint, queryid, detected_at, window_start, window_end,
                              score, threshold, severity, model_version, explanation, summary, status,
                              status_changed_at)
       VALUES ($1, $2, $3, 1001, $4, $4, $4, $5, 0.5, $6, 'm1', '[{"feature":"mean_time","z":4}]', 'slower', $7,
               $8)`,
      [
        `an-${i}`,
        i % 2 === 0 ? 'srv-a' : 'srv-b',
        i < 3 ? FP.f1 : FP.f2,
        detected,
        0.5 + i / 8,
        ['info', 'warning', 'critical'][i % 3],
        anomalyStatuses[i],
        anomalyStatuses[i] === 'open' ? null : new Date(detected.getTime() + HOUR),
      ],
    );
  }
  const statuses = ['open', 'open', 'open', 'acknowledged', 'resolved'];
  for (let i = 0; i < statuses.length; i++) {
    await db.query(
      `INSERT INTO recommendations (recommendation_id, server_id, kind, title, status, created_at, updated_at, evidence,
                                    suggested_sql, estimated_benefit, benefit_score, fingerprint, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $6, '[]', $7, 'faster reads', $8, $9, $1)`,
      [
        `rec-${i}`,
        i % 2 === 0 ? 'srv-a' : 'srv-b',
        i < 3 ? 'missing_index' : 'unused_index',
        `finding ${i}`,
        statuses[i],
        new Date(start.getTime() + i * HOUR),
        i < 3 ? 'CREATE INDEX ON t (x)' : null,
        i / 8,
        FP.f1,
      ],
    );
  }

  await refreshRollups(db, mode, { from: start, to: end });
  return {
    start,
    end,
    lastSample,
    byQuery,
    byFingerprint,
    statementRows: statements.length,
    tableStatsRows: tableStats.length,
    logEvents: logs.length,
  };
}
