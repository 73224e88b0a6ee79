import type { GeneratedBatch } from './batch.ts';
import { resolveGenerateOptions, type GenerateOptions, type ResolvedGenerateOptions } from './options.ts';
import { ServerSimulation } from './server-simulation.ts';

// The fleet: every simulated server, stepped together one interval at a time. Pure: no clock, no Kafka;
// the same options (seed and start time included) give the same batches.

export class Fleet {
  readonly options: ResolvedGenerateOptions;
  readonly servers: ServerSimulation[];
  private stepped = 0;

  constructor(opts: GenerateOptions) {
    this.options = resolveGenerateOptions(opts);
    this.servers = Array.from(
      { length: this.options.servers },
      (_, i) => new ServerSimulation(this.options, i),
    );
  }

  get intervalMs(): number {
    return Math.round(this.options.intervalSeconds * 1000);
  }

  /** Intervals stepped so far. */
  get intervalsDone(): number {
    return this.stepped;
  }

  /** collected_at of interval `i` of a backfill: the first at startTimeMs, then one interval apart. */
  timeOf(i: number): number {
    return this.options.startTimeMs + i * this.intervalMs;
  }

  /** Every server's batches for the interval ending at `atMs` (default: the next one of the backfill). */
  step(atMs: number = this.timeOf(this.stepped)): GeneratedBatch[] {
    this.stepped++;
    const out: GeneratedBatch[] = [];
    for (const s of this.servers) for (const b of s.step(atMs)) out.push(b);
    return out;
  }
}

/**
 * The batches of `opts.intervals` intervals (endless when undefined), interval by interval, each interval
 * server by server, each server family by family.
 */
export function* generateBatches(opts: GenerateOptions): Generator<GeneratedBatch, void, undefined> {
  const fleet = new Fleet(opts);
  const intervals = fleet.options.intervals;
  while (intervals === undefined || fleet.intervalsDone < intervals) yield* fleet.step();
}
