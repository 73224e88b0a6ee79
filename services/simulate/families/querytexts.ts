import type { StatementProfile } from '../statement-profile.ts';
import { since, type FamilyFactory } from './family.ts';

// metrics.querytexts.v1: the text of an entry when the agent first sees its queryid, and of every tracked
// entry again every `querytextRefreshIntervals` (0: never), never with every sample. Texts beyond the cap
// per batch wait for the next interval.

const TEXT_CAP_BYTES = 8192;
const ROWS_PER_BATCH = 2000;

export const querytextsFamily: FamilyFactory = (_rng, server, options) => {
  const pending: StatementProfile[] = [];
  return {
    family: 'querytexts',
    snapshot: true,
    hostOnly: false,
    next(ctx) {
      const queued = new Set(pending);
      const enqueue = (st: StatementProfile) => {
        if (queued.has(st)) return;
        queued.add(st);
        pending.push(st);
      };
      for (const s of ctx.samples) if (s.firstSeen) enqueue(s.entry.statement);
      const refresh = options.querytextRefreshIntervals;
      if (refresh > 0 && ctx.index > 0 && ctx.index % refresh === 0) {
        for (const e of ctx.workload.entries) if (e.reported) enqueue(e.statement);
      }
      if (pending.length === 0) return undefined;
      const texts = pending.splice(0, ROWS_PER_BATCH).map((st) => {
        const length = Buffer.byteLength(st.text);
        const truncated = length > TEXT_CAP_BYTES;
        return {
          dbid: st.dbid,
          userid: st.userid,
          queryid: st.queryid,
          toplevel: since(server, 140000, st.toplevel),
          query: truncated ? st.text.slice(0, TEXT_CAP_BYTES) : st.text,
          query_truncated: truncated,
          query_length: length,
        };
      });
      return { texts };
    },
  };
};
