import { since, until, type FamilyFactory } from './family.ts';

// metrics.checkpointer.v1: checkpointer and background writer, WAL generation (pg_stat_wal) and pg_stat_io.
// Checkpoints follow checkpoint_timeout (timed) and max_wal_size (requested); buffers written follow the
// blocks the statements dirtied; WAL follows the statements' WAL.

const IO_ROWS: ReadonlyArray<[backendType: string, object: string, context: string, share: number]> = [
  ['client backend', 'relation', 'normal', 0.6],
  ['client backend', 'relation', 'bulkread', 0.15],
  ['autovacuum worker', 'relation', 'vacuum', 0.1],
  ['checkpointer', 'relation', 'normal', 0.1],
  ['background writer', 'relation', 'normal', 0.05],
];

export const checkpointerFamily: FamilyFactory = (rng, server) => ({
  family: 'checkpointer',
  snapshot: false,
  hostOnly: false,
  next(ctx) {
    const { activity, events } = ctx;
    const t = activity.total;
    const checkpoints = events.checkpointsTimed + events.checkpointsRequested;
    const dirtied = t.dirtied + Math.round(t.blksRead * 0.01);
    const buffersCheckpoint = checkpoints > 0 ? Math.round(dirtied * rng.uniform(0.7, 0.95)) : 0;
    const buffersClean = Math.round(dirtied * rng.uniform(0.02, 0.1));
    const buffersBackend = Math.max(0, dirtied - buffersCheckpoint - buffersClean);
    const standby = server.standby;
    const v17 = server.pgVersionNum >= 170000;
    const walWrites = Math.round(t.walRecords / 20) + rng.poisson(activity.seconds);
    const checkpointer = {
      checkpoints_timed: standby && v17 ? 0 : events.checkpointsTimed,
      checkpoints_requested: standby && v17 ? 0 : events.checkpointsRequested,
      checkpoints_done: since(server, 180000, standby ? 0 : checkpoints),
      checkpoint_write_time_ms: checkpoints > 0 ? buffersCheckpoint * rng.uniform(0.5, 3) : 0,
      checkpoint_sync_time_ms: checkpoints > 0 ? rng.logNormal(40, 0.8) * checkpoints : 0,
      buffers_checkpoint: buffersCheckpoint,
      buffers_clean: buffersClean,
      maxwritten_clean: rng.poisson(buffersClean / 50_000),
      buffers_backend: until(server, 170000, buffersBackend),
      buffers_backend_fsync: until(server, 170000, 0),
      buffers_alloc: t.blksRead + rng.int(0, 100),
      restartpoints_timed: since(server, 170000, standby ? events.checkpointsTimed : 0),
      restartpoints_requested: since(server, 170000, standby ? events.checkpointsRequested : 0),
      restartpoints_done: since(server, 170000, standby ? checkpoints : 0),
      slru_written: since(server, 180000, checkpoints * rng.int(0, 40)),
      wal_records: since(server, 140000, t.walRecords),
      wal_fpi: since(server, 140000, t.walFpi),
      wal_bytes: since(server, 140000, t.walBytes),
      wal_buffers_full: since(server, 140000, rng.poisson(t.walBytes / 500_000_000)),
      wal_write: server.pgVersionNum >= 140000 && server.pgVersionNum < 180000 ? walWrites : null,
      wal_sync:
        server.pgVersionNum >= 140000 && server.pgVersionNum < 180000 ? Math.round(walWrites * 0.9) : null,
      wal_write_time_ms:
        server.pgVersionNum >= 140000 && server.pgVersionNum < 180000 ? walWrites * 0.01 : null,
      wal_sync_time_ms:
        server.pgVersionNum >= 140000 && server.pgVersionNum < 180000 ? walWrites * 0.4 : null,
      reset: false,
    };
    const io = [];
    if (server.pgVersionNum >= 160000) {
      for (const [backendType, object, context, share] of IO_ROWS) {
        const reads = Math.round(t.blksRead * share);
        const writes =
          backendType === 'checkpointer' ? buffersCheckpoint : Math.round(buffersBackend * share);
        const extends_ =
          backendType === 'client backend' && context === 'normal' ? Math.round(t.inserted / 50) : 0;
        io.push({
          backend_type: backendType,
          object,
          context,
          reads,
          read_bytes: reads * 8192,
          read_time_ms: reads * 0.08,
          writes,
          write_bytes: writes * 8192,
          write_time_ms: writes * 0.05,
          writebacks: Math.round(writes / 32),
          writeback_time_ms: writes * 0.01,
          extends: extends_,
          extend_bytes: extends_ * 8192,
          extend_time_ms: extends_ * 0.02,
          hits: Math.round(t.blksHit * share),
          evictions: Math.round(reads * 0.9),
          reuses: context === 'normal' ? null : Math.round(reads * 0.8),
          fsyncs: backendType === 'checkpointer' ? checkpoints * 10 : 0,
          fsync_time_ms: backendType === 'checkpointer' ? checkpoints * rng.uniform(5, 50) : 0,
          reset: false,
        });
      }
      if (server.pgVersionNum >= 180000) {
        io.push({
          backend_type: 'walwriter',
          object: 'wal',
          context: 'normal',
          reads: 0,
          read_bytes: 0,
          read_time_ms: 0,
          writes: walWrites,
          write_bytes: t.walBytes,
          write_time_ms: walWrites * 0.01,
          writebacks: null,
          writeback_time_ms: null,
          extends: null,
          extend_bytes: null,
          extend_time_ms: null,
          hits: null,
          evictions: null,
          reuses: null,
          fsyncs: Math.round(walWrites * 0.9),
          fsync_time_ms: walWrites * 0.4,
          reset: false,
        });
      }
    }
    return { checkpointer: [checkpointer], io };
  },
});
