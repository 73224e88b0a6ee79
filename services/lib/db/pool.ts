import pg from 'pg';

// node-postgres pools. Big integers (int8, numeric) come back as strings by default; counters in this
// project fit in a JS number, so int8 is parsed as a number when safe and kept as a string otherwise.
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(
  connectionString: string,
  opts: { max?: number; applicationName?: string } = {},
): pg.Pool {
  return new pg.Pool({
    connectionString,
    max: opts.max ?? 4,
    application_name: opts.applicationName ?? 'pganalytics',
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
  });
}
