import pg from 'pg';
import '../lib/db/pool.ts';
import { pgExecutor } from '../lib/db/executor.ts';
import { ensurePartitions } from '../lib/db/storage/partitions.ts';
import { refreshRollups } from '../lib/db/storage/rollups.ts';
import {
  buildCatalog,
  HOT_STATEMENTS,
  serverId,
  STATEMENTS_PER_SERVER,
  type BenchCatalog,
} from './api-catalog.ts';
import { fmtInt, rate, type Progress } from './progress.ts';

// The API bench's data, loaded straight into a fresh plain-mode database: `rows` statement rows (exactly)
// over `servers` servers and `days` days ending at `end`, a sample every `intervalMin` minutes per server,
// plus the servers, their query texts with fingerprints, and the rollups refreshed over the whole range.
//
// The rows are generated inside PostgreSQL (generate_series joined with a small catalog table) by one
// INSERT … SELECT per half of the fleet, on two connections: no row crosses the client. Sample g of the
// fleet (server-major) holds k_g = ⌊N(g+1)/G⌋ − ⌊Ng/G⌋ statements, so the total is N exactly: the server's
// hot statements and a window of its others that moves on by one each sample. Values vary
// deterministically with hashint8 of the row's position.

export interface ApiDatasetOptions {
  rows: number;
  servers: number;
  days: number;
  intervalMin: number;
  /** End of the data (exclusive), on a whole hour. */
  end: Date;
  progress: Progress;
}

export interface ApiDatasetReport {
  rows: number;
  start: Date;
  end: Date;
  loadSeconds: number;
  rollupSeconds: number;
  vacuumSeconds: number;
  catalog: BenchCatalog;
}

const DAY_MS = 86_400_000;

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'pga-bench-api' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function samplesPerServer(o: Pick<ApiDatasetOptions, 'days' | 'intervalMin'>): number {
  return Math.floor((o.days * 24 * 60) / o.intervalMin);
}

/** Refuses a shape that the per-sample statement window cannot hold. */
export function checkShape(o: Pick<ApiDatasetOptions, 'rows' | 'servers' | 'days' | 'intervalMin'>): void {
  const samples = o.servers * samplesPerServer(o);
  if (samples === 0) throw new Error('api bench: no samples (days × 24 × 60 / interval is 0)');
  if (o.rows / samples > STATEMENTS_PER_SERVER) {
    throw new Error(
      `api bench: ${fmtInt(o.rows)} rows over ${fmtInt(samples)} samples is more than ${STATEMENTS_PER_SERVER} statements per sample; add servers or days`,
    );
  }
}

const INSERT_STATEMENTS = `
INSERT INTO statements (
  time, server_id, dbid, userid, queryid, toplevel, database_name, user_name, calls, plans, rows,
  total_exec_time_ms, min_exec_time_ms, max_exec_time_ms, mean_exec_time_ms, total_plan_time_ms,
  shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written,
  local_blks_hit, local_blks_read, local_blks_dirtied, local_blks_written, temp_blks_read, temp_blks_written,
  shared_blk_read_time_ms, shared_blk_write_time_ms, wal_records, wal_fpi, wal_bytes, first_seen, reset)
SELECT x.time, x.server_id, 16384, 16385, x.queryid, true, 'app', 'app',
       x.calls, x.calls, x.calls * x.rows_per_call,
       x.calls * x.mean_ms * x.f, x.mean_ms * 0.2, x.mean_ms * (2 + 4 * x.f), x.mean_ms * x.f, x.calls * 0.01,
       x.calls * (3 + x.rows_per_call),
       CASE WHEN x.heavy THEN x.calls * 40 ELSE (x.calls * x.f)::bigint / 20 END,
       x.calls / 50, x.calls / 200,
       0, 0, 0, 0,
       CASE WHEN x.heavy THEN (x.calls * 120 * x.f)::bigint ELSE 0 END,
       CASE WHEN x.heavy THEN (x.calls * 120 * x.f)::bigint ELSE 0 END,
       x.calls * 0.002 * x.f, x.calls * 0.0005,
       x.calls / 10, x.calls / 500, x.calls * 90,
       x.sample = 0, false
  FROM (
    SELECT y.time, y.server_id, y.sample, y.f, c.queryid, c.mean_ms, c.rows_per_call, c.heavy,
           greatest(1, (c.calls * (0.5 + y.f))::bigint) AS calls
      FROM (
        SELECT $1::timestamptz + make_interval(mins => smp.sample * $5::int, secs => srv.n * 2.5) AS time,
               'bench-' || lpad(srv.n::text, 4, '0') AS server_id,
               srv.n AS server_no, smp.sample,
               CASE WHEN w.j < ${HOT_STATEMENTS} THEN w.j
                    ELSE ${HOT_STATEMENTS} + (smp.sample + w.j) % ${STATEMENTS_PER_SERVER - HOT_STATEMENTS} END AS slot,
               (0.5 + (hashint8(g.i * 64 + w.j) & 1023) / 1023.0)::float8 AS f
          FROM generate_series($2::int, $3::int - 1) AS srv(n)
         CROSS JOIN generate_series(0, $4::int - 1) AS smp(sample)
         CROSS JOIN LATERAL (SELECT srv.n::bigint * $4::int + smp.sample AS i) g
         CROSS JOIN LATERAL generate_series(
                 0, (($6::bigint * (g.i + 1)) / $7::bigint - ($6::bigint * g.i) / $7::bigint)::int - 1) AS w(j)
      ) y
      JOIN pga_bench_catalog c ON c.server_no = y.server_no AND c.slot = y.slot
  ) x`;

export async function loadApiDataset(url: string, o: ApiDatasetOptions): Promise<ApiDatasetReport> {
  checkShape(o);
  const start = new Date(o.end.getTime() - o.days * DAY_MS);
  const samples = samplesPerServer(o);
  const catalog = await buildCatalog(o.servers);
  o.progress(
    `load      catalog: ${catalog.texts.length} texts, ${fmtInt(catalog.statements.length)} (server, queryid)`,
  );

  await withClient(url, async (c) => {
    const db = pgExecutor(c);
    await ensurePartitions(db, o.days + 2, start); // real daily partitions for the whole range
    await c.query(`CREATE UNLOGGED TABLE pga_bench_catalog (
      server_no int, slot int, queryid bigint, mean_ms float8, calls bigint, rows_per_call bigint, heavy boolean,
      PRIMARY KEY (server_no, slot))`);
    const st = catalog.statements;
    await c.query(
      `INSERT INTO pga_bench_catalog
       SELECT * FROM unnest($1::int[], $2::int[], $3::bigint[], $4::float8[], $5::bigint[], $6::bigint[], $7::bool[])`,
      [
        st.map((s) => s.serverNo),
        st.map((s) => s.slot),
        st.map((s) => s.queryid),
        st.map((s) => s.text.medianMs),
        st.map((s) => s.callsPerSample),
        st.map((s) => s.text.rowsPerCall),
        st.map((s) => s.text.heavy),
      ],
    );
    await c.query(
      `INSERT INTO servers (server_id, host, pg_version_num, in_recovery, collector_id, first_seen, last_seen)
       SELECT 'bench-' || lpad(n::text, 4, '0'), 'db' || n || '.bench.internal',
              CASE WHEN n % 3 = 0 THEN 160009 ELSE 170005 END, n % 10 = 9, 'bench-collector-' || (n / 50),
              $1::timestamptz, $2::timestamptz
         FROM generate_series(0, $3::int - 1) AS n`,
      [start, o.end, o.servers],
    );
    await c.query(
      `INSERT INTO query_texts (time, server_id, dbid, userid, queryid, toplevel, query, query_truncated,
                                query_length, fingerprint, fingerprint_version, first_seen, last_seen)
       SELECT $1::timestamptz, s, 16384, 16385, q, true, t, false, length(t), f, $2, $3::timestamptz, $1::timestamptz
         FROM unnest($4::text[], $5::bigint[], $6::text[], $7::text[]) AS x(s, q, t, f)`,
      [
        o.end,
        catalog.fingerprintVersion,
        start,
        st.map((s) => serverId(s.serverNo)),
        st.map((s) => s.queryid),
        st.map((s) => s.text.text),
        st.map((s) => s.text.fingerprint),
      ],
    );
  });

  const loadStarted = performance.now();
  const halves = [
    [0, Math.ceil(o.servers / 2)],
    [Math.ceil(o.servers / 2), o.servers],
  ].filter(([a, b]) => (b as number) > (a as number));
  const G = o.servers * samples;
  await Promise.all(
    halves.map(([from, to]) =>
      withClient(url, async (c) => {
        await c.query('SET synchronous_commit = off');
        await c.query(INSERT_STATEMENTS, [start, from, to, samples, o.intervalMin, o.rows, G]);
      }),
    ),
  );
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const loaded = await withClient(url, async (c) =>
    Number((await c.query('SELECT count(*) AS n FROM statements')).rows[0].n),
  );
  if (loaded !== o.rows) throw new Error(`api bench: loaded ${loaded} statement rows, expected ${o.rows}`);
  o.progress(
    `load      ${fmtInt(loaded)} statement rows in ${loadSeconds.toFixed(1)} s (${fmtInt(rate(loaded, loadSeconds))} rows/s)`,
  );

  // Rollups day by day, two days at a time (each day's hourly and daily buckets depend only on that day).
  const rollupStarted = performance.now();
  // Whole UTC days: a refresh widens its range to whole days, so two unaligned ranges would overlap.
  const firstDay = Math.floor(start.getTime() / DAY_MS) * DAY_MS;
  const days = Array.from(
    { length: Math.ceil((o.end.getTime() - firstDay) / DAY_MS) },
    (_, i) => new Date(firstDay + i * DAY_MS),
  );
  let next = 0;
  await Promise.all(
    [0, 1].map(() =>
      withClient(url, async (c) => {
        await c.query('SET synchronous_commit = off');
        for (let d = next++; d < days.length; d = next++) {
          const from = days[d] as Date;
          await refreshRollups(pgExecutor(c), 'plain', { from, to: new Date(from.getTime() + DAY_MS) });
        }
      }),
    ),
  );
  const rollupSeconds = (performance.now() - rollupStarted) / 1000;
  o.progress(`load      rollups refreshed over ${o.days} days in ${rollupSeconds.toFixed(1)} s`);

  // Vacuumed now rather than by autovacuum during the measurement; the partitions on two connections.
  const vacuumStarted = performance.now();
  const parts = await withClient(url, async (c) => {
    await c.query('DROP TABLE pga_bench_catalog');
    const res = await c.query<{ name: string }>(
      `SELECT quote_ident(c.relname) AS name
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent IN ('statements'::regclass, 'statements_1h'::regclass, 'statements_1d'::regclass)
        ORDER BY c.relpages DESC`,
    );
    return res.rows.map((r) => r.name);
  });
  const lists: string[][] = [[], []];
  parts.forEach((name, i) => (lists[i % 2] as string[]).push(name));
  await Promise.all(
    lists.map((names, i) =>
      withClient(url, async (c) => {
        await c.query("SET maintenance_work_mem = '256MB'");
        if (names.length > 0) await c.query(`VACUUM (ANALYZE) ${names.join(', ')}`);
        // Partitioned parents and the small tables: statistics only (their rows live in the partitions).
        await c.query(
          i === 0 ? 'ANALYZE statements' : 'ANALYZE statements_1h, statements_1d, query_texts, servers',
        );
      }),
    ),
  );
  const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
  o.progress(`load      vacuum and analyze in ${vacuumSeconds.toFixed(1)} s`);
  return { rows: loaded, start, end: o.end, loadSeconds, rollupSeconds, vacuumSeconds, catalog };
}
