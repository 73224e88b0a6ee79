import { micros, since, type FamilyFactory } from './family.ts';

// metrics.replication.v1: a primary reports its standbys (pg_stat_replication) and its slots, one physical
// slot per standby and on some servers a logical slot whose consumer sometimes goes away, so its retained
// WAL grows until it comes back; a standby reports its WAL receiver.

export const replicationFamily: FamilyFactory = (rng, server) => {
  const hasLogical = !server.standby && rng.chance(0.3);
  let logicalActive = true;
  let logicalRetained = rng.int(1, 64) * 1024 * 1024;
  let logicalInactiveSinceMs: number | undefined;
  const addresses = server.standbyIds.map(() => `10.0.${rng.int(0, 255)}.${rng.int(2, 254)}`);
  return {
    family: 'replication',
    snapshot: false,
    hostOnly: false,
    next(ctx) {
      const walPerSecond = ctx.activity.total.walBytes / ctx.activity.seconds;
      const replicas = server.standbyIds.map((id, i) => {
        const lagMs = rng.logNormal(2, 0.8);
        const lagBytes = Math.round(walPerSecond * (lagMs / 1000));
        return {
          pid: 4000 + i,
          usename: 'replicator',
          application_name: id,
          client_addr: addresses[i] ?? null,
          state: 'streaming',
          sync_state: 'async',
          sync_priority: 0,
          sent_lag_bytes: Math.round(lagBytes * 0.1),
          write_lag_bytes: Math.round(lagBytes * 0.4),
          flush_lag_bytes: Math.round(lagBytes * 0.6),
          replay_lag_bytes: lagBytes,
          write_lag_ms: walPerSecond > 0 ? lagMs * 0.4 : null,
          flush_lag_ms: walPerSecond > 0 ? lagMs * 0.6 : null,
          replay_lag_ms: walPerSecond > 0 ? lagMs : null,
          backend_xmin_age: rng.int(0, 5000),
          reply_time: micros(ctx.atMs - rng.uniform(0, 1000)),
        };
      });
      const slots: Array<Record<string, unknown>> = server.standbyIds.map((id) => ({
        slot_name: id.replaceAll('-', '_'),
        slot_type: 'physical',
        plugin: null,
        database: null,
        active: true,
        temporary: false,
        retained_wal_bytes: rng.int(0, 16 * 1024 * 1024),
        wal_status: 'reserved',
        safe_wal_size: null,
        xmin_age: rng.int(0, 5000),
        catalog_xmin_age: null,
        conflicting: null,
        invalidation_reason: null,
        inactive_since: null,
        spill_bytes: null,
        stream_bytes: null,
        total_bytes: null,
        reset: false,
      }));
      if (hasLogical) {
        // The consumer of the logical slot disconnects now and then: WAL piles up until it returns.
        if (logicalActive && rng.chance(0.01)) {
          logicalActive = false;
          logicalInactiveSinceMs = ctx.atMs - rng.uniform(0, ctx.intervalMs);
        } else if (!logicalActive && rng.chance(0.05)) {
          logicalActive = true;
          logicalInactiveSinceMs = undefined;
        }
        const intervalWal = ctx.activity.total.walBytes;
        logicalRetained = logicalActive ? rng.int(1, 64) * 1024 * 1024 : logicalRetained + intervalWal;
        const sent = logicalActive ? Math.round(intervalWal * 0.4) : 0;
        slots.push({
          slot_name: 'cdc_orders',
          slot_type: 'logical',
          plugin: 'pgoutput',
          database: server.databases[0]!.name,
          active: logicalActive,
          temporary: false,
          retained_wal_bytes: logicalRetained,
          wal_status: logicalRetained > 1024 ** 3 ? 'extended' : 'reserved',
          safe_wal_size: null,
          xmin_age: null,
          catalog_xmin_age: rng.int(0, 20000),
          conflicting: since(server, 160000, false),
          invalidation_reason: null,
          inactive_since: since(server, 170000, micros(logicalInactiveSinceMs)),
          spill_bytes: since(server, 140000, sent > 0 && rng.chance(0.1) ? Math.round(sent * 0.2) : 0),
          stream_bytes: since(server, 140000, 0),
          total_bytes: since(server, 140000, sent),
          reset: false,
        });
      }
      const receiver = server.standby
        ? [
            {
              status: 'streaming',
              sender_host: `${server.primaryId ?? 'primary'}.example.internal`,
              sender_port: 5432,
              slot_name: server.serverId.replaceAll('-', '_'),
              receive_lag_bytes: rng.int(0, 256 * 1024),
              replay_lag_bytes: rng.int(0, 4 * 1024 * 1024),
              replay_delay_s: rng.logNormal(0.5, 1),
              last_msg_age_s: rng.uniform(0, 10),
              replay_paused: false,
            },
          ]
        : [];
      return { replicas, slots, receiver };
    },
  };
};
