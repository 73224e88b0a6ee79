import type { TestRow } from './rows.ts';

// A deterministic fleet: two servers over two days, a sample every 15 minutes. Every double is a multiple
// of 1/8 well below 2^40 and every average is over a power-of-two count, so sums and averages are exact in
// binary floating point and any order of summation gives the same bits in both storage modes.

export const DATASET_START = new Date('2025-03-03T00:00:00Z');
export const DATASET_DAYS = 2;
export const SERVERS = ['srv-a', 'srv-b'];
const STEP_MS = 15 * 60_000;

// queryids include both ends of the signed 64-bit range: they must survive every driver exactly.
const QUERIES = [
  { queryid: '1001', dbid: 16384, userid: 10 },
  { queryid: '1002', dbid: 16384, userid: 16385 },
  { queryid: '-9223372036854775807', dbid: 16384, userid: 10 },
  { queryid: '9223372036854775806', dbid: 16390, userid: 10 },
  { queryid: '9007199254740993', dbid: 16390, userid: 16385 },
];

/** A small linear congruential generator: the same numbers on every run. */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % n;
  };
}

export interface Dataset {
  statements: TestRow[];
  system_cpu: TestRow[];
  system_memory: TestRow[];
  system_disks: TestRow[];
}

export function buildDataset(): Dataset {
  const next = generator(42);
  const data: Dataset = { statements: [], system_cpu: [], system_memory: [], system_disks: [] };
  const samples = (DATASET_DAYS * 86_400_000) / STEP_MS;
  for (const server_id of SERVERS) {
    for (let i = 0; i < samples; i++) {
      const time = new Date(DATASET_START.getTime() + i * STEP_MS);
      QUERIES.forEach((q, qi) => {
        if (next(5) === 0) return; // not every query runs in every interval
        const firstSeen = i === qi * 7; // an entry appearing (or an agent restart): cumulative counters
        const calls = firstSeen ? 1_000_000 : next(500);
        data.statements.push({
          time,
          server_id,
          ...q,
          toplevel: qi === 4 ? null : true,
          database_name: `db${q.dbid}`,
          user_name: `role${q.userid}`,
          calls,
          plans: qi === 1 ? null : next(50),
          rows: calls * next(4),
          total_exec_time_ms: firstSeen ? 9_999_999 : next(1 << 20) / 8,
          min_exec_time_ms: next(64) / 8,
          max_exec_time_ms: next(1 << 16) / 8,
          mean_exec_time_ms: next(1 << 10) / 8,
          stddev_exec_time_ms: next(1 << 10) / 8,
          total_plan_time_ms: qi === 1 ? null : next(1 << 12) / 8,
          shared_blks_hit: next(100_000),
          shared_blks_read: next(1_000),
          temp_blks_written: next(3) === 0 ? next(5_000) : 0,
          shared_blk_read_time_ms: next(1 << 12) / 8,
          wal_bytes: next(1 << 24),
          jit_functions: qi === 3 ? next(10) : null,
          first_seen: firstSeen,
        });
      });
      const user = next(128) / 4;
      const system = next(64) / 4;
      const iowait = next(32) / 8;
      const steal = next(8) / 8;
      data.system_cpu.push({
        time,
        server_id,
        user_pct: user,
        system_pct: system,
        iowait_pct: iowait,
        steal_pct: steal,
        idle_pct: 100 - user - system - iowait - steal,
        load1: next(256) / 16,
        load5: next(256) / 16,
        load15: next(256) / 16,
        cpus: 8,
        context_switches: next(1_000_000),
        procs_running: next(16),
        procs_blocked: next(4),
      });
      const total = 32 * 2 ** 30;
      const used = next(32) * 2 ** 30;
      data.system_memory.push({
        time,
        server_id,
        total_bytes: total,
        available_bytes: total - used,
        used_bytes: used,
        free_bytes: next(1 << 20) * 4096,
        cached_bytes: next(1 << 20) * 4096,
        swap_used_bytes: next(1 << 10) * 4096,
        dirty_bytes: next(1 << 10) * 4096,
      });
      for (const device of ['nvme0n1', 'sda']) {
        data.system_disks.push({
          time,
          server_id,
          device,
          reads: next(10_000),
          writes: next(10_000),
          read_bytes: next(1 << 20) * 512,
          write_bytes: next(1 << 20) * 512,
          read_time_ms: next(5_000),
          write_time_ms: next(5_000),
          io_time_ms: next(60_000),
          in_flight: next(32),
        });
      }
    }
  }
  return data;
}
