import { envelope, type GeneratedBatch } from './batch.ts';
import { activityFamily } from './families/activity.ts';
import { checkpointerFamily } from './families/checkpointer.ts';
import { databaseFamily } from './families/database.ts';
import type { FamilyContext, FamilyFactory, FamilyGenerator, IntervalEvents } from './families/family.ts';
import { indexesFamily } from './families/indexes.ts';
import { logsFamily } from './families/logs.ts';
import { querytextsFamily } from './families/querytexts.ts';
import { replicationFamily } from './families/replication.ts';
import { settingsFamily } from './families/settings.ts';
import { statementsFamily } from './families/statements.ts';
import { systemFamily } from './families/system.ts';
import { tablesFamily } from './families/tables.ts';
import { summariseActivity } from './interval-activity.ts';
import { streamOfFamily, type ResolvedGenerateOptions, type SimFamily } from './options.ts';
import { Random } from './random.ts';
import { buildServerProfile, type ServerProfile } from './server-profile.ts';
import { StatementWorkload } from './statement-workload.ts';
import { TableState } from './table-state.ts';

// One simulated server across intervals: its statements, its tables, the events of each interval (resets,
// evictions, checkpoints, deadlocks) and one generator per emitted family. Every random stream is derived
// from (seed, server, purpose), so a server's data depends only on the seed and its index.

const FACTORIES: Record<SimFamily, FamilyFactory> = {
  statements: statementsFamily,
  querytexts: querytextsFamily,
  database: databaseFamily,
  tables: tablesFamily,
  indexes: indexesFamily,
  activity: activityFamily,
  replication: replicationFamily,
  checkpointer: checkpointerFamily,
  settings: settingsFamily,
  system: systemFamily,
  logs: logsFamily,
};

const CHECKPOINT_TIMEOUT_MS = 300_000;
const MAX_WAL_SIZE = 1024 ** 3;

export class ServerSimulation {
  readonly server: ServerProfile;
  readonly workload: StatementWorkload;
  private readonly rng: Random;
  private readonly tables: TableState;
  private readonly generators: FamilyGenerator[];
  private readonly sequences = new Map<SimFamily, number>();
  private readonly phaseHours: number;
  private index = 0;
  private level = 1;
  private walSinceCheckpoint = 0;

  constructor(
    private readonly options: ResolvedGenerateOptions,
    serverIndex: number,
  ) {
    const { seed } = options;
    this.server = buildServerProfile(
      seed,
      options.serverPrefix,
      serverIndex,
      options.servers,
      options.tablesPerServer,
      options.statements,
    );
    const id = this.server.serverId;
    this.rng = new Random(`${seed}:${id}:events`);
    this.phaseHours = this.rng.uniform(-3, 3);
    this.workload = new StatementWorkload(
      new Random(`${seed}:${id}:statements`),
      this.server,
      options.statements,
      options.startTimeMs,
    );
    this.tables = new TableState(new Random(`${seed}:${id}:tables`), this.server, options.startTimeMs);
    this.generators = options.families.map((f) =>
      FACTORIES[f](new Random(`${seed}:${id}:${f}`), this.server, options),
    );
  }

  /** Daily cycle (busiest mid-afternoon, local to the server) times a slowly wandering level. */
  private loadAt(atMs: number): number {
    const hour = (atMs / 3_600_000 + this.phaseHours) % 24;
    const daily = 1 + 0.45 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
    this.level = 0.85 * this.level + 0.15 * this.rng.logNormal(1, 0.2);
    return daily * this.level;
  }

  private events(atMs: number, intervalMs: number): IntervalEvents {
    const rng = this.rng;
    const first = this.index === 0;
    let statementsResetShare = 0;
    let statsReset = false;
    if (!first && rng.chance(this.options.resetProbability)) {
      statementsResetShare = rng.uniform(0.05, 0.95);
      statsReset = rng.chance(0.5);
      this.workload.reset(Math.round(atMs - statementsResetShare * intervalMs));
    }
    const deallocBefore = this.workload.dealloc;
    if (!first && rng.chance(this.options.evictionProbability)) this.workload.evictAndAdd();
    const offset = (this.server.index * 37_000) % CHECKPOINT_TIMEOUT_MS;
    const timed =
      Math.floor((atMs - offset) / CHECKPOINT_TIMEOUT_MS) -
      Math.floor((atMs - intervalMs - offset) / CHECKPOINT_TIMEOUT_MS);
    return {
      statementsResetShare,
      statsReset,
      deallocDelta: statementsResetShare > 0 ? this.workload.dealloc : this.workload.dealloc - deallocBefore,
      checkpointsTimed: timed,
      checkpointsRequested: 0,
      deadlocks: this.server.standby ? 0 : rng.poisson((intervalMs / 3_600_000) * 0.3),
    };
  }

  /** The batches of one interval ending at `atMs`. */
  step(atMs: number): GeneratedBatch[] {
    const intervalMs = Math.round(this.options.intervalSeconds * 1000);
    const seconds = intervalMs / 1000;
    const load = this.loadAt(atMs);
    const events = this.events(atMs, intervalMs);
    const samples = this.workload.sample(seconds, load, events.statementsResetShare);
    const activity = summariseActivity(samples, seconds, load);
    this.walSinceCheckpoint += activity.total.walBytes;
    if (this.walSinceCheckpoint > MAX_WAL_SIZE) {
      events.checkpointsRequested = Math.floor(this.walSinceCheckpoint / MAX_WAL_SIZE);
      this.walSinceCheckpoint = 0;
    } else if (events.checkpointsTimed > 0) {
      this.walSinceCheckpoint = 0;
    }
    this.tables.advance(atMs, activity);
    const ctx: FamilyContext = {
      server: this.server,
      options: this.options,
      atMs,
      intervalMs,
      index: this.index,
      samples,
      workload: this.workload,
      activity,
      tables: this.tables,
      events,
    };
    const batches: GeneratedBatch[] = [];
    for (const gen of this.generators) {
      const rows = gen.next(ctx);
      if (!rows) continue;
      const sequence = (this.sequences.get(gen.family) ?? 0) + 1;
      this.sequences.set(gen.family, sequence);
      const env = envelope(this.server, atMs, gen.snapshot ? 0 : intervalMs, sequence, gen.hostOnly);
      const rowCounts: Record<string, number> = {};
      for (const [field, list] of Object.entries(rows)) rowCounts[field] = list.length;
      batches.push({
        stream: streamOfFamily(gen.family),
        family: gen.family,
        key: this.server.serverId,
        value: { envelope: env, ...rows },
        collectedAtMs: atMs,
        rowCounts,
      });
    }
    this.index++;
    return batches;
  }
}
