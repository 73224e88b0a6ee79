import type { SqlExecutor } from '../executor.ts';

// Host CPU of one server per hour (system_cpu_1h) or per day (system_cpu_1d) over [from, to).

export type CpuResolution = '1h' | '1d';

export interface CpuSeriesOptions {
  serverId: string;
  from: Date;
  to: Date;
  resolution?: CpuResolution;
}

export interface CpuPoint {
  /** Start of the bucket, ISO 8601 UTC. */
  time: string;
  samples: number;
  userPctAvg: number;
  systemPctAvg: number;
  iowaitPctAvg: number;
  stealPctAvg: number;
  busyPctMax: number;
  load1Avg: number;
  load1Max: number;
  cpus: number;
  contextSwitches: number;
}

function cpuSql(table: string): string {
  return `
SELECT time, samples, user_pct_avg, system_pct_avg, iowait_pct_avg, steal_pct_avg, busy_pct_max,
       load1_avg, load1_max, cpus, context_switches
  FROM ${table}
 WHERE server_id = $1 AND time >= $2::timestamptz AND time < $3::timestamptz
 ORDER BY time`;
}

const SQL: Record<CpuResolution, string> = { '1h': cpuSql('system_cpu_1h'), '1d': cpuSql('system_cpu_1d') };

export async function cpuSeries(db: SqlExecutor, opts: CpuSeriesOptions): Promise<CpuPoint[]> {
  const sql = SQL[opts.resolution ?? '1h'];
  if (sql === undefined)
    throw new Error(`cpuSeries: unknown resolution ${JSON.stringify(opts.resolution)}, expected 1h or 1d`);
  const res = await db.query(sql, [opts.serverId, opts.from, opts.to]);
  return res.rows.map((r) => ({
    time: new Date(r.time as string | Date).toISOString(),
    samples: Number(r.samples),
    userPctAvg: Number(r.user_pct_avg),
    systemPctAvg: Number(r.system_pct_avg),
    iowaitPctAvg: Number(r.iowait_pct_avg),
    stealPctAvg: Number(r.steal_pct_avg),
    busyPctMax: Number(r.busy_pct_max),
    load1Avg: Number(r.load1_avg),
    load1Max: Number(r.load1_max),
    cpus: Number(r.cpus),
    contextSwitches: Number(r.context_switches),
  }));
}

/** Hourly CPU (system_cpu_1h). */
export function hourlyCpu(db: SqlExecutor, opts: Omit<CpuSeriesOptions, 'resolution'>): Promise<CpuPoint[]> {
  return cpuSeries(db, { ...opts, resolution: '1h' });
}
