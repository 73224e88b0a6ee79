import { InvalidArgumentError } from 'commander';

// What `pga demo` runs: a small live fleet by default, sized so a laptop shows data at once and keeps up.

export interface DemoOptions {
  /** Simulated servers. */
  servers: number;
  /** pg_stat_statements entries per server. */
  statements: number;
  /** Seconds between two samples of a server. */
  intervalSeconds: number;
  /** Stop by itself after this many seconds of live data; undefined: until Ctrl-C. */
  durationSeconds: number | undefined;
  /** Leave Kafka and PostgreSQL running on exit even when the demo started them. */
  keepStack: boolean;
  /** Seconds between two progress blocks. */
  progressSeconds: number;
  /** Seconds between two maintenance rounds (partitions, retention, rollups). */
  maintainSeconds: number;
  /** Run the native agent (collector-native) on the stack's PostgreSQL under a pgbench workload. */
  agent: boolean;
}

export const DEMO_DEFAULTS = {
  servers: 5,
  statements: 200,
  intervalSeconds: 10,
  progressSeconds: 5,
  maintainSeconds: 30,
} as const;

/** A commander argument parser for an integer in [min, max]. */
export function integerIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return n;
  };
}

/** A commander argument parser for a number of seconds in (0, max]. */
export function secondsUpTo(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(`expected a number of seconds greater than 0 (at most ${max})`);
    }
    return n;
  };
}
