import type { IntervalActivity } from '../interval-activity.ts';
import type { ResolvedGenerateOptions, SimFamily } from '../options.ts';
import type { Random } from '../random.ts';
import type { ServerProfile } from '../server-profile.ts';
import type { StatementSample, StatementWorkload } from '../statement-workload.ts';
import type { TableState } from '../table-state.ts';

// One module per family turns a server's interval into the rows of that family's batch. A family keeps its
// own state between intervals and draws from its own random stream, so choosing which families to emit
// never changes the values of the others.

export interface IntervalEvents {
  /** pg_stat_statements_reset() during the interval, that share of the interval before its end. */
  statementsResetShare: number;
  /** pg_stat_reset() during the interval: database, table and index counters restart. */
  statsReset: boolean;
  /** Entries deallocated by pg_stat_statements during the interval (pg_stat_statements_info.dealloc delta). */
  deallocDelta: number;
  checkpointsTimed: number;
  checkpointsRequested: number;
  deadlocks: number;
}

export interface FamilyContext {
  server: ServerProfile;
  options: ResolvedGenerateOptions;
  /** collected_at, epoch ms. */
  atMs: number;
  intervalMs: number;
  /** 0 for the agent's first sample. */
  index: number;
  samples: readonly StatementSample[];
  workload: StatementWorkload;
  activity: IntervalActivity;
  tables: TableState;
  events: IntervalEvents;
}

/** Array field → rows; undefined when the family sends nothing this interval. */
export type FamilyRows = Record<string, unknown[]>;

export interface FamilyGenerator {
  readonly family: SimFamily;
  /** Snapshot families (gauges only) carry interval_ms = 0. */
  readonly snapshot: boolean;
  /** Host-only families carry null pg_version_num and in_recovery. */
  readonly hostOnly: boolean;
  next(ctx: FamilyContext): FamilyRows | undefined;
}

export type FamilyFactory = (
  rng: Random,
  server: ServerProfile,
  options: ResolvedGenerateOptions,
) => FamilyGenerator;

/** `value` on PostgreSQL `minVersion` and later, null before (a column the older view lacks). */
export function since<T>(server: ServerProfile, minVersion: number, value: T): T | null {
  return server.pgVersionNum >= minVersion ? value : null;
}

/** `value` before PostgreSQL `maxVersionExclusive`, null from it on (a column a newer view dropped). */
export function until<T>(server: ServerProfile, maxVersionExclusive: number, value: T): T | null {
  return server.pgVersionNum < maxVersionExclusive ? value : null;
}

export function micros(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round(ms * 1000);
}
