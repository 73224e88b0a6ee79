import type { Router } from 'express';
import { pgExecutor } from '../../lib/db/executor.ts';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../http/api-error.ts';
import { Fingerprint, iso, json, Time } from '../http/read-params.ts';
import { meanOf, meta, readMeta, rollupReads } from '../http/rollup-reads.ts';
import { rangeQuery, resolutionQuery, resolveRange } from '../http/time-range.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { MAX_DETAIL_SERVERS, querySeries, queryServers, queryTexts } from '../sql/reads/query-detail.ts';

// GET /api/v1/queries/{fingerprint} — one query across the fleet: its normalised text, its calls and time
// per bucket over the range, and the servers that run it. (Registered after /queries/top.)

const Point = z.object({
  time: Time,
  calls: z.number().int(),
  total_time_ms: z.number(),
  mean_time_ms: z.number().nullable(),
});

const ServerRun = z.object({
  server_id: z.string(),
  queryids: z.array(z.string()),
  calls: z.number().int(),
  total_time_ms: z.number(),
  mean_time_ms: z.number().nullable(),
  last_seen: Time,
});

const DetailResponse = z
  .object({
    fingerprint: z.string(),
    fingerprint_version: z.string().nullable(),
    query: z.string().openapi({ description: 'The most recently seen normalised text' }),
    query_truncated: z.boolean(),
    ...readMeta,
    series: z.array(Point).openapi({ description: 'Per bucket: 1 minute (raw), 1 hour or 1 day' }),
    servers: z.array(ServerRun).openapi({ description: 'Every server with this fingerprint, busiest first' }),
    servers_truncated: z.boolean(),
  })
  .openapi('QueryDetail');

export function register(router: Router, deps: ApiDeps): void {
  const db = pgExecutor(deps.pool);
  const reads = rollupReads(deps);

  const Detail = {
    params: z.strictObject({ fingerprint: Fingerprint }),
    query: z.strictObject({ ...rangeQuery(), ...resolutionQuery() }),
  };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/queries/{fingerprint}',
    tags: ['queries'],
    summary: 'One query across the fleet: normalised text, activity per bucket, servers that run it (viewer)',
    request: { params: Detail.params, query: Detail.query },
    responses: {
      200: { description: 'The query', ...json(DetailResponse) },
      ...errorResponses(400, 401, 403, 404),
    },
  });
  router.get(
    '/queries/:fingerprint',
    deps.auth.requireRole('viewer'),
    validate(Detail),
    async (_req, res) => {
      const { params, query: q } = input(res, Detail);
      const choice = await reads.pick(resolveRange(q), q.resolution);
      const texts = await queryTexts(db, params.fingerprint);
      const newest = texts[0];
      if (!newest) throw notFound(`query with fingerprint ${params.fingerprint}`);
      const load = async () => {
        const opts = { fingerprint: params.fingerprint, ...choice.range, resolution: choice.resolution };
        const [series, servers] = await Promise.all([querySeries(db, opts), queryServers(db, opts)]);
        return JSON.stringify({
          fingerprint: params.fingerprint,
          fingerprint_version: newest.fingerprint_version,
          query: newest.query,
          query_truncated: newest.query_truncated,
          ...meta(choice),
          series: series.map((p) => ({
            time: p.time,
            calls: Number(p.calls),
            total_time_ms: Number(p.total_time_ms),
            mean_time_ms: meanOf(Number(p.calls), Number(p.total_time_ms)),
          })),
          servers: servers.slice(0, MAX_DETAIL_SERVERS).map((s) => ({
            server_id: s.server_id,
            queryids: s.queryids,
            calls: Number(s.calls),
            total_time_ms: Number(s.total_time_ms),
            mean_time_ms: meanOf(Number(s.calls), Number(s.total_time_ms)),
            last_seen: iso(s.last_seen),
          })),
          servers_truncated: servers.length > MAX_DETAIL_SERVERS,
        });
      };
      const key = ['detail', params.fingerprint, choice.resolution, +choice.range.from, +choice.range.to];
      await reads.send(res, choice, key, load);
    },
  );
}
