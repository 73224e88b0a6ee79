import type { Router } from 'express';
import type { ApiDeps } from '../deps.ts';
import { decodeCursor, keysetCursor, keysetKey, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { json, ServerId } from '../http/read-params.ts';
import { meanOf, meta, readMeta, rollupReads } from '../http/rollup-reads.ts';
import { rangeQuery, resolutionQuery, resolveRange } from '../http/time-range.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { keyOfRow } from '../sql/reads/keyset.ts';
import {
  FLEET_KEYS,
  SERVER_KEYS,
  TOP_SORTS,
  topQueries,
  type FleetTopRow,
  type ServerTopRow,
  type Totals,
} from '../sql/reads/top-queries.ts';

// GET /api/v1/queries/top — the statements that cost the most over a range, on one server or fleet-wide
// by fingerprint, sorted by total time, calls, mean time, I/O or temp usage, a page at a time.

const totalsShape = {
  calls: z.number().int(),
  total_time_ms: z.number(),
  mean_time_ms: z.number().nullable().openapi({ description: 'total_time_ms / calls; null without calls' }),
  max_time_ms: z.number().nullable(),
  rows: z.number().int(),
  shared_blks_hit: z.number().int(),
  shared_blks_read: z.number().int(),
  io_blocks: z.number().int().openapi({ description: 'shared and local blocks read plus written (sort=io)' }),
  io_time_ms: z.number().openapi({ description: 'block read and write time (needs track_io_timing)' }),
  temp_blks_read: z.number().int(),
  temp_blks_written: z.number().int(),
};

const ServerTopItem = z
  .object({
    queryid: z.string().openapi({ description: 'pg_stat_statements queryid (signed 64-bit, as a string)' }),
    dbid: z.number().int(),
    userid: z.number().int(),
    fingerprint: z.string().nullable(),
    query: z.string().nullable(),
    query_truncated: z.boolean().nullable(),
    ...totalsShape,
  })
  .openapi('ServerTopQuery');

const FleetTopItem = z
  .object({
    fingerprint: z.string(),
    fingerprint_version: z.string().nullable(),
    query: z.string().nullable().openapi({ description: 'The most recently seen normalised text' }),
    query_truncated: z.boolean().nullable(),
    servers: z.number().int().openapi({ description: 'Servers that ran it in the range' }),
    ...totalsShape,
  })
  .openapi('FleetTopQuery');

const TopResponse = pageOf(z.union([ServerTopItem, FleetTopItem]))
  .extend({
    scope: z.enum(['server', 'fleet']),
    server_id: z.string().nullable(),
    sort: z.enum(TOP_SORTS),
    ...readMeta,
  })
  .openapi('TopQueries');

function totals(r: Totals) {
  return {
    calls: Number(r.calls),
    total_time_ms: Number(r.total_time_ms),
    mean_time_ms: meanOf(Number(r.calls), Number(r.total_time_ms)),
    max_time_ms: r.max_time_ms === null ? null : Number(r.max_time_ms),
    rows: Number(r.rows),
    shared_blks_hit: Number(r.shared_blks_hit),
    shared_blks_read: Number(r.shared_blks_read),
    io_blocks: Number(r.io_blocks),
    io_time_ms: Number(r.io_time_ms),
    temp_blks_read: Number(r.temp_blks_read),
    temp_blks_written: Number(r.temp_blks_written),
  };
}

export function register(router: Router, deps: ApiDeps): void {
  const reads = rollupReads(deps);

  const Top = {
    query: z.strictObject({
      server_id: ServerId.optional().openapi({
        description: 'One server; fleet-wide by fingerprint when omitted',
      }),
      sort: z.enum(TOP_SORTS).default('total_time').openapi({
        description: 'total execution time, calls, mean time, I/O blocks or temp blocks; descending',
      }),
      ...rangeQuery(),
      ...resolutionQuery(),
      ...pageQuery(deps.config.maxPage),
    }),
  };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/queries/top',
    tags: ['queries'],
    summary: 'Top queries of a server, or fleet-wide by fingerprint (viewer)',
    description:
      'Sums of the statement deltas over the range (first-seen rows left out), grouped by (queryid, dbid, userid) for one server or by fingerprint across servers. Rollup answers may be up to PGA_API_READ_CACHE_S seconds old (generated_at).',
    request: { query: Top.query },
    responses: {
      200: { description: 'A page of queries', ...json(TopResponse) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/queries/top', deps.auth.requireRole('viewer'), validate(Top), async (_req, res) => {
    const q = input(res, Top).query;
    const choice = await reads.pick(resolveRange(q), q.resolution);
    const fleet = q.server_id === undefined;
    const tag = `top:${fleet ? 'fleet' : 'server'}:${q.sort}`;
    const keys = fleet ? FLEET_KEYS : SERVER_KEYS;
    const after =
      q.cursor === undefined
        ? undefined
        : decodeCursor(
            q.cursor,
            keysetCursor(
              tag,
              keys.map((k) => k.kind),
            ),
          );
    const load = async () => {
      const rows = await topQueries(deps.pool, {
        serverId: q.server_id,
        from: choice.range.from,
        to: choice.range.to,
        resolution: choice.resolution,
        sort: q.sort,
        limit: q.limit,
        after,
      });
      const page = toPage(
        rows as Array<ServerTopRow | FleetTopRow>,
        q.limit,
        (r) =>
          fleet
            ? {
                fingerprint: r.fingerprint as string,
                fingerprint_version: (r as FleetTopRow).fingerprint_version,
                query: r.query,
                query_truncated: r.query_truncated,
                servers: (r as FleetTopRow).servers,
                ...totals(r),
              }
            : {
                queryid: (r as ServerTopRow).queryid,
                dbid: Number((r as ServerTopRow).dbid),
                userid: Number((r as ServerTopRow).userid),
                fingerprint: r.fingerprint,
                query: r.query,
                query_truncated: r.query_truncated,
                ...totals(r),
              },
        (r) => keysetKey(tag, keyOfRow(r, keys)),
      );
      return JSON.stringify({
        scope: fleet ? 'fleet' : 'server',
        server_id: q.server_id ?? null,
        sort: q.sort,
        ...meta(choice),
        ...page,
      });
    };
    const key = [
      'top',
      q.server_id ?? null,
      q.sort,
      choice.resolution,
      +choice.range.from,
      +choice.range.to,
      q.limit,
      q.cursor ?? null,
    ];
    await reads.send(res, choice, key, load);
  });
}
