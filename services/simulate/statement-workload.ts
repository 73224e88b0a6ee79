import { newStatement, type StatementProfile } from './statement-profile.ts';
import { addDelta, drawDelta, scaleDelta, type StatementDelta } from './statement-delta.ts';
import { zipfWeights, type Random } from './random.ts';
import type { ServerProfile } from './server-profile.ts';

// pg_stat_statements of one server: the entries it tracks and what each accumulated since it was created
// or last reset. Each interval draws the increments of every entry; the agent's deltas (current − previous)
// are exactly those increments, so they are never negative. An entry absent from the previous sample
// (new, or every entry on the agent's first sample) is reported with its cumulative values and first_seen;
// after pg_stat_statements_reset() the values since the reset are reported with reset.

export interface StatementEntry {
  statement: StatementProfile;
  /** Life of the entry since it was created or reset: the gauges (mean, min, max) are computed over it. */
  lifeCalls: number;
  lifeTotalMs: number;
  lifeMinMs: number;
  lifeMaxMs: number;
  /** Reported at least once: later samples are deltas. */
  reported: boolean;
  /** Seconds of activity before the agent's first sample, reported as cumulative values then. */
  historySeconds: number;
}

export interface StatementSample {
  entry: StatementEntry;
  /** What the agent reports for the entry in this interval (cumulative when firstSeen). */
  reported: StatementDelta;
  /** What the server really did during the interval (feeds the database, table and WAL families). */
  interval: StatementDelta | undefined;
  firstSeen: boolean;
  reset: boolean;
}

export class StatementWorkload {
  readonly entries: StatementEntry[] = [];
  /** pg_stat_statements_info.dealloc, cumulative since the last reset. */
  dealloc = 0;
  /** pg_stat_statements_info.stats_reset, epoch ms. */
  statsResetMs: number;
  readonly trackPlanning: boolean;
  private readonly seenTexts = new Set<string>();
  private created = 0;
  /** Sum of the entries' weights: an entry's share of the calls is its weight over this. */
  private totalWeight = 0;

  constructor(
    private readonly rng: Random,
    private readonly server: ServerProfile,
    count: number,
    startMs: number,
  ) {
    this.trackPlanning = rng.chance(0.3);
    const lifetime = rng.uniform(3600, 7 * 86_400);
    this.statsResetMs = Math.round(startMs - lifetime * 1000);
    for (const w of zipfWeights(count, 1.1)) this.add(w, lifetime * rng.uniform(0.1, 1));
  }

  private add(weight: number, historySeconds: number): StatementEntry {
    const statement = newStatement(this.rng, this.server, this.created++, weight, this.seenTexts);
    const entry: StatementEntry = {
      statement,
      lifeCalls: 0,
      lifeTotalMs: 0,
      lifeMinMs: Infinity,
      lifeMaxMs: 0,
      reported: false,
      historySeconds,
    };
    this.entries.push(entry);
    this.totalWeight += statement.weight;
    return entry;
  }

  /**
   * Ad-hoc statements fill pg_stat_statements up to pg_stat_statements.max; PostgreSQL then deallocates the
   * least-used 5 % of the entries at once (one dealloc) to make room for the new ones. Returns the new entries.
   */
  evictAndAdd(): StatementEntry[] {
    const n = this.entries.length;
    const count = Math.max(1, Math.ceil(n * 0.05));
    if (n + count > this.server.statementsMax) {
      this.entries.sort((a, b) => b.statement.weight - a.statement.weight);
      this.entries.length = Math.max(0, n - count);
      this.totalWeight = this.entries.reduce((sum, e) => sum + e.statement.weight, 0);
      this.dealloc++;
    }
    const tail = this.entries.at(-1)?.statement.weight ?? 1e-4;
    return Array.from({ length: count }, () => this.add(tail * this.rng.uniform(0.5, 3), 0));
  }

  /** pg_stat_statements_reset() at `atMs`: every entry and dealloc restart. */
  reset(atMs: number): void {
    this.dealloc = 0;
    this.statsResetMs = atMs;
    for (const e of this.entries) {
      e.lifeCalls = 0;
      e.lifeTotalMs = 0;
      e.lifeMinMs = Infinity;
      e.lifeMaxMs = 0;
    }
  }

  /**
   * One interval of `seconds` at `load` (1 = the daily average). `resetShare` > 0 means pg_stat_statements was
   * reset that far before the end of the interval (as a share of it). Entries without calls are left out:
   * the agent sends only entries whose counters moved.
   */
  sample(seconds: number, load: number, resetShare = 0): StatementSample[] {
    const out: StatementSample[] = [];
    const callsPerSecond = (this.server.baseCallsPerSecond * load) / this.totalWeight;
    for (const entry of this.entries) {
      const s = entry.statement;
      const calls = this.rng.poisson(callsPerSecond * seconds * s.weight);
      const firstSeen = !entry.reported;
      const interval = calls > 0 ? drawDelta(this.rng, s, calls, this.trackPlanning) : undefined;
      let reported = interval;
      if (firstSeen && entry.historySeconds > 0) {
        const before = this.rng.poisson(callsPerSecond * entry.historySeconds * s.weight);
        if (before > 0) {
          const history = drawDelta(this.rng, s, before, this.trackPlanning);
          reported = interval ? addDelta(history, interval) : history;
        }
      } else if (resetShare > 0 && interval) {
        reported = scaleDelta(interval, resetShare);
      }
      if (!reported || reported.calls === 0) continue;
      entry.reported = true;
      entry.lifeCalls += reported.calls;
      entry.lifeTotalMs += reported.total_exec_time;
      entry.lifeMinMs = Math.min(entry.lifeMinMs, reported.min_exec_time);
      entry.lifeMaxMs = Math.max(entry.lifeMaxMs, reported.max_exec_time);
      out.push({
        entry,
        reported,
        interval,
        firstSeen,
        reset: resetShare > 0 && !firstSeen,
      });
    }
    return out;
  }
}
