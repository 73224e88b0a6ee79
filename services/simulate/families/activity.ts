import { activeBackends, clientConnections } from '../sessions.ts';
import type { FamilyFactory } from './family.ts';

// metrics.activity.v1: a snapshot of pg_stat_activity grouped by state and wait event, the blocking pairs of
// pg_locks, and a summary row. Busy servers show more active sessions (Little's law over the statements),
// and now and then a session left idle in transaction blocks others.

const CLIENT_WAITS: ReadonlyArray<[string | null, string | null, number]> = [
  [null, null, 0.55],
  ['IO', 'DataFileRead', 0.15],
  ['LWLock', 'BufferMapping', 0.05],
  ['Lock', 'transactionid', 0.05],
  ['IO', 'WALSync', 0.1],
  ['Client', 'ClientRead', 0.1],
];

export const activityFamily: FamilyFactory = (rng, server) => ({
  family: 'activity',
  snapshot: true,
  hostOnly: false,
  next(ctx) {
    const { activity } = ctx;
    const connections = clientConnections(server, activity.load);
    const callsPerSecond = activity.total.calls / activity.seconds;
    const meanMs = activity.total.calls > 0 ? activity.total.execMs / activity.total.calls : 0;
    const active = Math.round(activeBackends(callsPerSecond, meanMs, connections) * rng.logNormal(1, 0.3));
    const idleInTx = rng.poisson(connections * 0.02);
    const idle = Math.max(0, connections - active - idleInTx);
    const db = server.databases[0]!.name;
    const sessions: Array<Record<string, unknown>> = [];
    const group = (
      state: string,
      count: number,
      waitType: string | null,
      wait: string | null,
      ages: [number, number] | null,
    ) => {
      if (count <= 0) return;
      sessions.push({
        datname: db,
        usename: 'app',
        application_name: 'shop-api',
        backend_type: 'client backend',
        state,
        wait_event_type: waitType,
        wait_event: wait,
        count,
        oldest_xact_age_s: ages ? ages[0] : null,
        oldest_query_age_s: ages ? ages[1] : null,
        oldest_state_change_age_s: ages ? ages[1] : rng.uniform(1, 600),
      });
    };
    let remaining = active;
    for (const [waitType, wait, share] of CLIENT_WAITS) {
      const n = wait === null ? Math.ceil(active * share) : Math.min(remaining, rng.poisson(active * share));
      const count = Math.min(remaining, n);
      remaining -= count;
      const age = rng.logNormal(Math.max(meanMs, 1) / 1000, 1.5);
      group('active', count, waitType, wait, [age * 2, age]);
    }
    const oldestIdleTx = idleInTx > 0 ? rng.logNormal(5, 1.5) : null;
    group(
      'idle in transaction',
      idleInTx,
      'Client',
      'ClientRead',
      oldestIdleTx ? [oldestIdleTx * 1.2, oldestIdleTx] : null,
    );
    group('idle', idle, 'Client', 'ClientRead', null);
    const background: Array<[string, string, string]> = [
      ['checkpointer', 'Activity', 'CheckpointerMain'],
      ['background writer', 'Activity', 'BgWriterHibernate'],
      ['autovacuum launcher', 'Activity', 'AutovacuumMain'],
    ];
    if (!server.standby) background.push(['walwriter', 'Activity', 'WalWriterMain']);
    if (server.standby)
      background.push(
        ['startup', 'Activity', 'RecoveryWalStream'],
        ['walreceiver', 'Activity', 'WalReceiverMain'],
      );
    for (const _ of server.standbyIds) background.push(['walsender', 'Activity', 'WalSenderMain']);
    for (const [type, waitType, wait] of background) {
      sessions.push({
        datname: null,
        usename: type === 'walsender' ? 'replicator' : null,
        application_name: null,
        backend_type: type,
        state: type === 'walsender' ? 'active' : null,
        wait_event_type: waitType,
        wait_event: wait,
        count: 1,
        oldest_xact_age_s: null,
        oldest_query_age_s: null,
        oldest_state_change_age_s: null,
      });
    }
    const blocking = [];
    if (idleInTx > 0 && !server.standby && rng.chance(0.08)) {
      const blocker = rng.int(1000, 60000);
      for (let i = rng.int(1, 3); i > 0; i--) {
        blocking.push({
          blocked_pid: rng.int(1000, 60000),
          blocking_pid: blocker,
          blocked_usename: 'app',
          blocking_usename: 'app',
          blocked_datname: db,
          blocking_datname: db,
          blocked_query_id:
            server.pgVersionNum >= 140000 ? rng.pick(ctx.workload.entries).statement.queryid : null,
          blocking_query_id: null,
          blocking_state: 'idle in transaction',
          wait_event_type: 'Lock',
          wait_event: 'transactionid',
          lock_type: 'transactionid',
          wait_s: rng.logNormal(3, 1),
        });
      }
    }
    const summary = {
      total: sessions.reduce((s, g) => s + (g.count as number), 0),
      active,
      idle,
      idle_in_transaction: idleInTx,
      waiting: blocking.length,
      max_connections: server.maxConnections,
      oldest_xact_age_s: active + idleInTx > 0 ? rng.logNormal(2, 1.2) + (oldestIdleTx ?? 0) : null,
      oldest_query_age_s: active > 0 ? rng.logNormal(Math.max(meanMs, 1) / 100, 1) : null,
      longest_idle_in_transaction_s: oldestIdleTx,
    };
    return { sessions, blocking, summary: [summary] };
  },
});
