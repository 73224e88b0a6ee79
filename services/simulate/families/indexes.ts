import { micros, since, type FamilyFactory } from './family.ts';

// metrics.indexes.v1: pg_stat_user_indexes + pg_statio_user_indexes + pg_index, each table's index scans
// split over its indexes by their share (an index with share 0 is never used: the unused-index finding).

export const indexesFamily: FamilyFactory = (rng, server) => {
  const lastScanMs = new Map<number, number>();
  const invalid = new Set<number>();
  for (const t of server.tables)
    for (const ix of t.indexes) if (ix.scanShare > 0 && rng.chance(0.01)) invalid.add(ix.indexrelid);
  return {
    family: 'indexes',
    snapshot: false,
    hostOnly: false,
    next(ctx) {
      const rows = [];
      for (const t of ctx.tables.tables) {
        const d = t.delta;
        for (const [i, ix] of t.table.indexes.entries()) {
          const scans = invalid.has(ix.indexrelid) ? 0 : Math.round(d.idxScan * ix.scanShare);
          if (scans > 0) lastScanMs.set(ix.indexrelid, ctx.atMs - rng.uniform(0, 2000));
          const columns = i === 0 ? 'id' : `col${i}`;
          rows.push({
            datname: t.datname,
            schemaname: t.table.schema,
            relname: t.table.name,
            indexrelname: ix.name,
            relid: t.table.relid,
            indexrelid: ix.indexrelid,
            idx_scan: scans,
            idx_tup_read: Math.round(d.idxTupFetch * ix.scanShare * 1.1),
            idx_tup_fetch: Math.round(d.idxTupFetch * ix.scanShare),
            last_idx_scan: since(server, 160000, micros(lastScanMs.get(ix.indexrelid))),
            idx_blks_read: Math.round(d.idxBlksRead * ix.scanShare),
            idx_blks_hit: Math.round(d.idxBlksHit * ix.scanShare),
            size_bytes: ix.sizeBytes,
            is_unique: i === 0,
            is_primary: i === 0,
            is_valid: !invalid.has(ix.indexrelid),
            definition: `CREATE ${i === 0 ? 'UNIQUE ' : ''}INDEX ${ix.name} ON ${t.table.schema}.${t.table.name} USING btree (${columns})`,
            reset: ctx.events.statsReset,
          });
        }
      }
      return { indexes: rows };
    },
  };
};
