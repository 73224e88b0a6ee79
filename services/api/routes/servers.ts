import type { Router } from 'express';
import { pgExecutor } from '../../lib/db/executor.ts';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../http/api-error.ts';
import { keysetAfter, keysetKey, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { iso, json, SearchText, ServerId, Time } from '../http/read-params.ts';
import { rangeQuery, resolveRange } from '../http/time-range.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { FAMILIES, FAMILY_NAMES } from '../sql/reads/families.ts';
import { keyOfRow } from '../sql/reads/keyset.ts';
import { latestSamples, listServers, SERVER_KEYS, serverById, type ServerRow } from '../sql/reads/servers.ts';

// GET /api/v1/servers — the monitored servers and their latest state; GET /api/v1/servers/{id} — one of
// them, with the newest sample time of every metric family (what is collected, what is missing).

const Latest = z
  .object({
    cpu_time: Time.nullable(),
    cpu_busy_pct: z.number().nullable(),
    load1: z.number().nullable(),
    cpus: z.number().int().nullable(),
    memory_time: Time.nullable(),
    memory_total_bytes: z.number().nullable(),
    memory_used_bytes: z.number().nullable(),
    memory_available_bytes: z.number().nullable(),
    activity_time: Time.nullable(),
    connections: z.number().int().nullable(),
    active_connections: z.number().int().nullable(),
    idle_in_transaction: z.number().int().nullable(),
    max_connections: z.number().int().nullable(),
  })
  .openapi({
    description: 'Newest host and connection sample of the hour before last_seen (null when none)',
  });

const Server = z
  .object({
    server_id: z.string(),
    host: z.string(),
    pg_version_num: z.number().int().nullable(),
    in_recovery: z.boolean().nullable(),
    collector_id: z.string(),
    first_seen: Time,
    last_seen: Time,
    latest: Latest,
  })
  .openapi('Server');

const ServerDetail = Server.extend({
  families: z.array(z.object({ family: z.enum(FAMILY_NAMES), last_time: Time.nullable() })),
}).openapi('ServerDetail');

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toServer(r: ServerRow) {
  return {
    server_id: r.server_id,
    host: r.host,
    pg_version_num: r.pg_version_num,
    in_recovery: r.in_recovery,
    collector_id: r.collector_id,
    first_seen: iso(r.first_seen),
    last_seen: iso(r.last_seen),
    latest: {
      cpu_time: iso(r.cpu_time),
      cpu_busy_pct: num(r.cpu_busy_pct),
      load1: num(r.load1),
      cpus: num(r.cpus),
      memory_time: iso(r.memory_time),
      memory_total_bytes: num(r.memory_total_bytes),
      memory_used_bytes: num(r.memory_used_bytes),
      memory_available_bytes: num(r.memory_available_bytes),
      activity_time: iso(r.activity_time),
      connections: num(r.connections),
      active_connections: num(r.active_connections),
      idle_in_transaction: num(r.idle_in_transaction),
      max_connections: num(r.max_connections),
    },
  };
}

export function register(router: Router, deps: ApiDeps): void {
  const db = pgExecutor(deps.pool);
  const viewer = deps.auth.requireRole('viewer');
  const TAG = 'servers';

  const List = {
    query: z.strictObject({
      q: SearchText(200).optional().openapi({ description: 'Substring of the server id or host' }),
      in_recovery: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: 'Only standbys (true) or only primaries (false)' }),
      ...rangeQuery(),
      ...pageQuery(deps.config.maxPage),
    }),
  };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/servers',
    tags: ['servers'],
    summary: 'Monitored servers and their latest state, by id (viewer)',
    description: 'With `from` and/or `to`, only the servers that sent data in that range.',
    request: { query: List.query },
    responses: {
      200: { description: 'A page of servers', ...json(pageOf(Server)) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/servers', viewer, validate(List), async (_req, res) => {
    const q = input(res, List).query;
    const seen = q.from !== undefined || q.to !== undefined ? resolveRange(q) : undefined;
    const after = keysetAfter(q.cursor, TAG, ['text']);
    const rows = await listServers(db, {
      search: q.q,
      inRecovery: q.in_recovery === undefined ? undefined : q.in_recovery === 'true',
      seen,
      limit: q.limit,
      after,
    });
    res.json(toPage(rows, q.limit, toServer, (r) => keysetKey(TAG, keyOfRow(r, SERVER_KEYS))));
  });

  const One = { params: z.strictObject({ id: ServerId }) };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/servers/{id}',
    tags: ['servers'],
    summary: 'One server: latest state and the newest sample of every metric family (viewer)',
    request: { params: One.params },
    responses: {
      200: { description: 'The server', ...json(ServerDetail) },
      ...errorResponses(400, 401, 403, 404),
    },
  });
  router.get('/servers/:id', viewer, validate(One), async (_req, res) => {
    const { id } = input(res, One).params;
    const row = await serverById(db, id);
    if (!row) throw notFound(`server ${id}`);
    const families = await latestSamples(
      db,
      id,
      FAMILY_NAMES.map((family) => ({ family, table: FAMILIES[family].tables.raw })),
    );
    res.json({
      ...toServer(row),
      families: families.map((f) => ({ family: f.family, last_time: iso(f.last_time) })),
    });
  });
}
