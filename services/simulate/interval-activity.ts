import type { StatementSample } from './statement-workload.ts';

// What a server did during one interval, summed from its statements' real increments, per database and in
// total. The database, table, checkpointer and host families are derived from it, so they agree with
// pg_stat_statements the way they do on a real server.

export interface ActivityTotals {
  calls: number;
  execMs: number;
  selectRows: number;
  inserted: number;
  updated: number;
  deleted: number;
  blksHit: number;
  blksRead: number;
  blkReadTimeMs: number;
  blkWriteTimeMs: number;
  tempBlocks: number;
  tempFiles: number;
  dirtied: number;
  written: number;
  walRecords: number;
  walFpi: number;
  walBytes: number;
}

export interface IntervalActivity {
  seconds: number;
  /** 1 = the server's daily average. */
  load: number;
  total: ActivityTotals;
  byDb: Map<number, ActivityTotals>;
}

export function emptyTotals(): ActivityTotals {
  return {
    calls: 0,
    execMs: 0,
    selectRows: 0,
    inserted: 0,
    updated: 0,
    deleted: 0,
    blksHit: 0,
    blksRead: 0,
    blkReadTimeMs: 0,
    blkWriteTimeMs: 0,
    tempBlocks: 0,
    tempFiles: 0,
    dirtied: 0,
    written: 0,
    walRecords: 0,
    walFpi: 0,
    walBytes: 0,
  };
}

export function summariseActivity(
  samples: readonly StatementSample[],
  seconds: number,
  load: number,
): IntervalActivity {
  const total = emptyTotals();
  const byDb = new Map<number, ActivityTotals>();
  for (const s of samples) {
    const d = s.interval;
    if (!d) continue;
    const st = s.entry.statement;
    let db = byDb.get(st.dbid);
    if (!db) byDb.set(st.dbid, (db = emptyTotals()));
    for (const t of [total, db]) {
      t.calls += d.calls;
      t.execMs += d.total_exec_time;
      if (st.kind === 'select') t.selectRows += d.rows;
      else if (st.kind === 'insert') t.inserted += d.rows;
      else if (st.kind === 'update') t.updated += d.rows;
      else if (st.kind === 'delete') t.deleted += d.rows;
      t.blksHit += d.shared_blks_hit;
      t.blksRead += d.shared_blks_read;
      t.blkReadTimeMs += d.shared_blk_read_time;
      t.blkWriteTimeMs += d.shared_blk_write_time;
      t.tempBlocks += d.temp_blks_written;
      if (d.temp_blks_written > 0) t.tempFiles += d.calls;
      t.dirtied += d.shared_blks_dirtied;
      t.written += d.shared_blks_written;
      t.walRecords += d.wal_records;
      t.walFpi += d.wal_fpi;
      t.walBytes += d.wal_bytes;
    }
  }
  return { seconds, load, total, byDb };
}
