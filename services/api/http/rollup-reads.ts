import type { Response } from 'express';
import { pgExecutor } from '../../lib/db/executor.ts';
import type { ApiDeps } from '../deps.ts';
import { z } from '../openapi.ts';
import { ReadCache } from '../sql/reads/read-cache.ts';
import {
  chooseResolution,
  RESOLUTIONS,
  retentionReader,
  type Resolution,
  type ResolutionChoice,
  type TimeRange,
} from '../sql/reads/resolution.ts';
import { badRequest } from './api-error.ts';
import { Time } from './read-params.ts';

// What the statement reads that sum raw samples or rollups share (top queries, query detail): the choice
// of resolution, with a bound on the range each resolution may sum over in one request, and the read
// cache, one per API instance, that serves rollup answers (see sql/reads/read-cache.ts). `generated_at`
// says when an answer was computed and the X-Cache header whether it came from memory.

const DAY_MS = 86_400_000;
/** Longest range each resolution may sum over in one request (raw samples are many). */
export const MAX_AGGREGATE_SPAN_MS: Record<Resolution, number> = {
  raw: 3 * DAY_MS,
  '1h': 35 * DAY_MS,
  '1d': 400 * DAY_MS,
};

export const readMeta = {
  resolution: z.enum(RESOLUTIONS),
  from: Time.openapi({ description: 'Start of the range read (widened to whole buckets for rollups)' }),
  to: Time.openapi({ description: 'End of the range read, exclusive' }),
  generated_at: Time.openapi({ description: 'When this answer was computed' }),
};

export function meta(choice: ResolutionChoice) {
  return {
    resolution: choice.resolution,
    from: choice.range.from.toISOString(),
    to: choice.range.to.toISOString(),
    generated_at: new Date().toISOString(),
  };
}

export const meanOf = (calls: number, total: number): number | null => (calls > 0 ? total / calls : null);

export interface RollupReads {
  /** The resolution for `range` (or the one asked), refused when the range is too long for it. */
  pick(range: TimeRange, requested: Resolution | undefined): Promise<ResolutionChoice>;
  /** Sends the JSON body `load` builds, from the cache when the answer comes from a rollup. */
  send(res: Response, choice: ResolutionChoice, key: unknown[], load: () => Promise<string>): Promise<void>;
}

const instances = new WeakMap<ApiDeps, RollupReads>();

export function rollupReads(deps: ApiDeps): RollupReads {
  let reads = instances.get(deps);
  if (reads) return reads;
  const cache = new ReadCache(deps.config.readCacheS * 1000);
  const retention = retentionReader(pgExecutor(deps.pool));
  reads = {
    async pick(range, requested) {
      const choice = chooseResolution({
        range,
        requested,
        available: RESOLUTIONS,
        retention: await retention(),
      });
      const span = choice.range.to.getTime() - choice.range.from.getTime();
      const max = MAX_AGGREGATE_SPAN_MS[choice.resolution];
      if (span > max) {
        throw badRequest(
          `resolution ${choice.resolution} is limited to ranges of ${max / DAY_MS} days here: ask for a coarser one`,
        );
      }
      return choice;
    },
    async send(res, choice, key, load) {
      if (choice.resolution === 'raw' || !cache.enabled) {
        res
          .set('X-Cache', 'off')
          .type('application/json')
          .send(await load());
        return;
      }
      const r = await cache.get(JSON.stringify(key), load);
      res
        .set({ 'X-Cache': r.hit ? 'hit' : 'miss', ETag: r.etag })
        .type('application/json')
        .send(r.body);
    },
  };
  instances.set(deps, reads);
  return reads;
}
