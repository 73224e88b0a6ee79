import type { Random } from '../random.ts';
import type { StatementProfile } from '../statement-profile.ts';
import { type FamilyContext, type FamilyFactory } from './family.ts';

// logs.v1: the server log as the agent reads it (jsonlog), classified and with literals replaced. Events
// follow what happened in the interval: statements slower than log_min_duration_statement (1 s), temporary
// files, checkpoints, deadlocks, plus a background of unique violations, lock waits and dropped clients.

const SLOW_MS = 1000;
const MAX_EVENTS = 500;

/** P(X > x) for X log-normal with this median and sigma (Abramowitz–Stegun erfc approximation). */
function logNormalTail(x: number, median: number, sigma: number): number {
  const z = Math.log(x / median) / sigma / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * Math.abs(z));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-z * z);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

interface LogEvent {
  log_time: number;
  severity: string;
  sqlstate: string | null;
  category: string;
  database_name: string | null;
  user_name: string | null;
  application_name: string | null;
  pid: number | null;
  backend_type: string | null;
  duration_ms: number | null;
  message: string;
  detail: string | null;
  hint: string | null;
  context: string | null;
  statement: string | null;
  query_id: bigint | null;
  plan: string | null;
  line_count: number;
  truncated: boolean;
}

function event(
  rng: Random,
  ctx: FamilyContext,
  fields: Partial<LogEvent> & Pick<LogEvent, 'severity' | 'category' | 'message'>,
): LogEvent {
  const client = fields.backend_type === undefined || fields.backend_type === 'client backend';
  // Defaults first, in the schema's field order, so every row lists its columns in the table's order.
  const defaults: LogEvent = {
    log_time: Math.round((ctx.atMs - rng.uniform(0, ctx.intervalMs)) * 1000),
    severity: fields.severity,
    sqlstate: fields.severity === 'LOG' ? '00000' : null,
    category: fields.category,
    database_name: client ? ctx.server.databases[0]!.name : null,
    user_name: client ? 'app' : null,
    application_name: client ? 'shop-api' : null,
    pid: rng.int(1000, 60000),
    backend_type: 'client backend',
    duration_ms: null,
    message: fields.message,
    detail: null,
    hint: null,
    context: null,
    statement: null,
    query_id: null,
    plan: null,
    line_count: 1,
    truncated: false,
  };
  return { ...defaults, ...fields };
}

function statementFields(ctx: FamilyContext, st: StatementProfile) {
  return {
    database_name: st.databaseName,
    user_name: st.userName,
    statement: st.text,
    query_id: ctx.server.pgVersionNum >= 140000 ? st.queryid : null,
  };
}

export const logsFamily: FamilyFactory = (rng) => ({
  family: 'logs',
  snapshot: false,
  hostOnly: false,
  next(ctx) {
    const events: LogEvent[] = [];
    for (const s of ctx.samples) {
      const d = s.interval;
      if (!d) continue;
      const st = s.entry.statement;
      const slow = Math.min(20, rng.poisson(d.calls * logNormalTail(SLOW_MS, st.medianMs, st.sigma)));
      for (let i = 0; i < slow; i++) {
        const duration = SLOW_MS * (1 + rng.logNormal(0.5, 1));
        events.push(
          event(rng, ctx, {
            ...statementFields(ctx, st),
            severity: 'LOG',
            category: 'slow_query',
            duration_ms: duration,
            message: `duration: ? ms  statement: ${st.text}`,
            line_count: 1 + Math.floor(st.text.length / 200),
          }),
        );
      }
      if (d.temp_blks_written > 0) {
        const files = Math.min(5, d.calls);
        for (let i = 0; i < files; i++) {
          events.push(
            event(rng, ctx, {
              ...statementFields(ctx, st),
              severity: 'LOG',
              category: 'temp_file',
              message: 'temporary file: path "base/pgsql_tmp/pgsql_tmp?", size ?',
            }),
          );
        }
      }
    }
    const checkpoints = ctx.events.checkpointsTimed + ctx.events.checkpointsRequested;
    for (let i = 0; i < checkpoints; i++) {
      const bg = { backend_type: 'checkpointer', severity: 'LOG', category: 'checkpoint' };
      const kind = i < ctx.events.checkpointsTimed ? 'time' : 'wal';
      events.push(event(rng, ctx, { ...bg, message: `checkpoint starting: ${kind}` }));
      events.push(
        event(rng, ctx, {
          ...bg,
          message:
            'checkpoint complete: wrote ? buffers (?%); ? WAL file(s) added, ? removed, ? recycled; write=? s, sync=? s, total=? s',
        }),
      );
    }
    for (let i = 0; i < ctx.events.deadlocks; i++) {
      events.push(
        event(rng, ctx, {
          severity: 'ERROR',
          sqlstate: '40P01',
          category: 'deadlock',
          message: 'deadlock detected',
          detail: 'Process ? waits for ShareLock on transaction ?; blocked by process ?.',
          hint: 'See server log for query details.',
          line_count: 4,
        }),
      );
    }
    const writes = ctx.activity.total.inserted + ctx.activity.total.updated;
    const minutes = ctx.intervalMs / 60_000;
    for (let i = rng.poisson(Math.min(50, writes * 0.0002)); i > 0; i--) {
      events.push(
        event(rng, ctx, {
          severity: 'ERROR',
          sqlstate: '23505',
          category: 'error',
          message: 'duplicate key value violates unique constraint "?"',
          detail: 'Key (?)=(?) already exists.',
          line_count: 3,
        }),
      );
    }
    for (let i = rng.poisson(0.2 * minutes); i > 0; i--) {
      events.push(
        event(rng, ctx, {
          severity: 'LOG',
          category: 'lock_wait',
          message: 'process ? still waiting for ShareLock on transaction ? after ? ms',
          detail: 'Process holding the lock: ?. Wait queue: ?.',
          line_count: 3,
        }),
      );
    }
    for (let i = rng.poisson(0.1 * minutes); i > 0; i--) {
      events.push(
        event(rng, ctx, {
          severity: 'LOG',
          sqlstate: '08006',
          category: 'other',
          message: 'could not receive data from client: Connection reset by peer',
        }),
      );
    }
    if (rng.chance(0.01 * minutes)) {
      events.push(
        event(rng, ctx, {
          severity: 'FATAL',
          sqlstate: '28P01',
          category: 'auth_failure',
          message: 'password authentication failed for user "?"',
          detail: 'Connection matched file "?" line ?: "?"',
          user_name: 'unknown',
          line_count: 2,
        }),
      );
    }
    events.sort((a, b) => a.log_time - b.log_time);
    if (events.length === 0) return undefined;
    return { events: events.slice(0, MAX_EVENTS) };
  },
});
