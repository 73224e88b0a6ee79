import pg from 'pg';
import '../lib/db/pool.ts';

// The monitored database of `pga bench agent`: `tables` tables and `statements` distinct statements run
// against them, so pg_stat_statements holds that many entries and every one changes each interval.
// Distinct statements need distinct parse trees (constants are normalised away, and PostgreSQL 18 squashes
// IN lists), so statement k of a table ORs k comparisons: WHERE id = $1 OR … OR id = $k.

export interface WorkloadShape {
  tables: number;
  statements: number;
}

export function tableName(i: number): string {
  return `bench_t${String(i).padStart(4, '0')}`;
}

/** The SQL and parameters of distinct statement `n` (0 ≤ n < statements). */
export function statementOf(shape: WorkloadShape, n: number): { sql: string; params: number[] } {
  const table = n % shape.tables;
  const arity = Math.floor(n / shape.tables) + 1;
  const params = Array.from({ length: arity }, (_, i) => ((n + i) % 1000) + 1);
  const where = params.map((_, i) => `id = $${i + 1}`).join(' OR ');
  return { sql: `SELECT count(*) FROM ${tableName(table)} WHERE ${where}`, params };
}

export async function createWorkloadTables(url: string, shape: WorkloadShape): Promise<void> {
  const c = new pg.Client({ connectionString: url, application_name: 'pga-bench' });
  await c.connect();
  try {
    for (let i = 0; i < shape.tables; i++) {
      const t = tableName(i);
      await c.query(`CREATE TABLE ${t} (id int PRIMARY KEY, a int NOT NULL, b text)`);
      await c.query(`INSERT INTO ${t} SELECT g, g % 97, md5(g::text) FROM generate_series(1, 1000) g`);
    }
    await c.query('ANALYZE');
  } finally {
    await c.end();
  }
}

export interface Workload {
  /** Statements executed so far. */
  executed(): number;
  stop(): Promise<void>;
}

/**
 * Runs every statement once per `roundMs` on `connections` sessions until stopped (one round at a time; a
 * round that takes longer simply starts the next one at once).
 */
export async function startWorkload(
  url: string,
  shape: WorkloadShape,
  roundMs: number,
  connections = 2,
): Promise<Workload> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: url, application_name: 'pga-bench-workload' });
      c.on('error', () => undefined);
      await c.connect();
      return c;
    }),
  );
  let stopped = false;
  let executed = 0;
  const loop = async (client: pg.Client, part: number) => {
    while (!stopped) {
      const started = Date.now();
      for (let n = part; n < shape.statements && !stopped; n += connections) {
        const s = statementOf(shape, n);
        await client.query(s.sql, s.params);
        executed++;
      }
      const rest = roundMs - (Date.now() - started);
      if (rest > 0 && !stopped) await new Promise((r) => setTimeout(r, rest));
    }
  };
  const running = clients.map((c, i) => loop(c, i));
  return {
    executed: () => executed,
    stop: async () => {
      stopped = true;
      await Promise.allSettled(running);
      await Promise.allSettled(clients.map((c) => c.end()));
    },
  };
}
