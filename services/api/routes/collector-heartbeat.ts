import type { NextFunction, Request, Response, Router } from 'express';
import { agentVersion, CollectorIdParams, hostname, json } from '../collectors/fields.ts';
import { principalOf, type ApiDeps } from '../deps.ts';
import { forbidden, unauthorized } from '../http/api-error.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { latestConfigMeta } from '../sql/collector-config.ts';
import { recordHeartbeat } from '../sql/collectors.ts';

// POST /collectors/{id}/heartbeat: the agent says it is alive and what it runs, and learns the latest
// configuration version and etag (it pulls GET /config/{id} when the etag differs from the one it has).

export function register(router: Router, deps: ApiDeps): void {
  const { pool, audit, openapi } = deps;
  const noQuery = z.strictObject({});

  /** Heartbeats come from the collector itself: neither another collector nor a person may send one. */
  const ownCollector = async (req: Request, res: Response, next: NextFunction) => {
    const p = principalOf(res);
    if (!p) throw unauthorized();
    if (p.kind === 'collector' && p.collectorId === req.params.collector_id) return next();
    await audit(res, {
      action: 'auth.forbidden',
      target: `${req.method} ${req.baseUrl}${req.path}`.slice(0, 300),
      outcome: 'failure',
      details: { reason: 'heartbeats need the token of that collector' },
    });
    throw forbidden('only the collector itself sends its heartbeat (with its own collector token)');
  };
  const Beat = {
    params: CollectorIdParams,
    query: noQuery,
    body: z
      .strictObject({
        agent_version: agentVersion.optional(),
        hostname: hostname.optional(),
        config_version: z
          .number()
          .int()
          .min(1)
          .optional()
          .openapi({ description: 'the version the agent runs' }),
      })
      .openapi('Heartbeat')
      .optional(),
  };
  const BeatReply = z
    .object({
      collector_id: z.string(),
      config_version: z.number().int().nullable(),
      config_etag: z.string().nullable(),
      config_url: z.string(),
      server_time: z.iso.datetime(),
    })
    .openapi('HeartbeatReply');
  openapi.registerPath({
    method: 'post',
    path: '/api/v1/collectors/{collector_id}/heartbeat',
    tags: ['collectors'],
    summary:
      'An agent is alive: records last_seen and what it runs; answers the latest configuration version',
    description: 'Collector token of this collector only. Pull the configuration when config_etag differs.',
    request: { params: Beat.params, body: json(Beat.body) },
    responses: {
      200: { description: 'Recorded', ...json(BeatReply) },
      ...errorResponses(400, 401, 403, 413),
    },
  });
  router.post('/collectors/:collector_id/heartbeat', ownCollector, validate(Beat), async (_req, res) => {
    const { params, body } = input(res, Beat);
    const id = params.collector_id;
    const before = await recordHeartbeat(pool, id, {
      agentVersion: body?.agent_version,
      hostname: body?.hostname,
      appliedConfigVersion: body?.config_version,
    });
    if (!before) throw forbidden('the collector is deregistered');
    // A beat is not audited (one a minute per agent would drown the log); a change of what runs where is.
    const changed = Object.fromEntries(
      (['agent_version', 'hostname'] as const)
        .filter((k) => body?.[k] !== undefined && body[k] !== before[k])
        .map((k) => [k, { from: before[k], to: body?.[k] }]),
    );
    if (Object.keys(changed).length > 0)
      await audit(res, { action: 'collector.heartbeat', target: id, outcome: 'success', details: changed });
    const latest = await latestConfigMeta(pool, id);
    res.json({
      collector_id: id,
      config_version: latest?.version ?? null,
      config_etag: latest?.etag ?? null,
      config_url: `/api/v1/config/${id}`,
      server_time: new Date().toISOString(),
    });
  });
}
