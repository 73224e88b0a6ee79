import type { Router } from 'express';
import { pgExecutor } from '../../lib/db/executor.ts';
import type { ApiDeps } from '../deps.ts';
import { registerLifecycleRoutes, statusesOf, statusFilter } from '../http/lifecycle-routes.ts';
import { keysetAfter, keysetKey, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { Fingerprint, iso, json, ServerId, Time } from '../http/read-params.ts';
import { rangeQuery, resolveRange } from '../http/time-range.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import {
  ANOMALY_KEYS,
  ANOMALY_SEVERITIES,
  ANOMALY_STATUSES,
  listAnomalies,
  transitionAnomaly,
  type AnomalyStatus,
} from '../sql/reads/anomalies.ts';
import { keyOfRow } from '../sql/reads/keyset.ts';

// GET /api/v1/anomalies — anomalies detected by the analyzer, newest first;
// POST /api/v1/anomalies/{id}/acknowledge|resolve|dismiss — the lifecycle (operator, audited).

const Anomaly = z
  .object({
    anomaly_id: z.string(),
    server_id: z.string(),
    fingerprint: z.string(),
    queryid: z.string().nullable(),
    detected_at: Time,
    window_start: Time,
    window_end: Time,
    score: z.number(),
    threshold: z.number(),
    severity: z.enum(ANOMALY_SEVERITIES),
    model_version: z.string(),
    explanation: z.unknown().openapi({ description: 'The features that moved, as the analyzer sent them' }),
    summary: z.string(),
    status: z.enum(ANOMALY_STATUSES),
    status_changed_at: Time.nullable().openapi({ description: 'Last transition; null while never changed' }),
  })
  .openapi('Anomaly');

const toAnomaly = (r: Record<string, unknown>) => ({
  anomaly_id: r.anomaly_id,
  server_id: r.server_id,
  fingerprint: r.fingerprint,
  queryid: r.queryid,
  detected_at: r.detected_at,
  window_start: iso(r.window_start as Date),
  window_end: iso(r.window_end as Date),
  score: r.score,
  threshold: r.threshold,
  severity: r.severity,
  model_version: r.model_version,
  explanation: r.explanation,
  summary: r.summary,
  status: r.status,
  status_changed_at: iso(r.status_changed_at as Date | null),
});

export function register(router: Router, deps: ApiDeps): void {
  const db = pgExecutor(deps.pool);
  const TAG = 'anomalies';

  const List = {
    query: z.strictObject({
      server_id: ServerId.optional(),
      fingerprint: Fingerprint.optional(),
      severity: z
        .enum(ANOMALY_SEVERITIES)
        .optional()
        .openapi({ description: 'At least this severity (info < warning < critical)' }),
      status: statusFilter(ANOMALY_STATUSES).optional(),
      ...rangeQuery(),
      ...pageQuery(deps.config.maxPage),
    }),
  };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/anomalies',
    tags: ['anomalies'],
    summary: 'Anomalies detected in the range (by detected_at), newest first (viewer)',
    request: { query: List.query },
    responses: {
      200: { description: 'A page of anomalies', ...json(pageOf(Anomaly)) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/anomalies', deps.auth.requireRole('viewer'), validate(List), async (_req, res) => {
    const q = input(res, List).query;
    const after = keysetAfter(
      q.cursor,
      TAG,
      ANOMALY_KEYS.map((k) => k.kind),
    );
    const rows = await listAnomalies(db, {
      ...resolveRange(q),
      serverId: q.server_id,
      fingerprint: q.fingerprint,
      severity: q.severity,
      statuses: statusesOf<AnomalyStatus>(q.status),
      limit: q.limit,
      after,
    });
    res.json(toPage(rows, q.limit, toAnomaly, (r) => keysetKey(TAG, keyOfRow(r, ANOMALY_KEYS))));
  });

  registerLifecycleRoutes(router, deps, {
    noun: 'anomaly',
    collection: 'anomalies',
    item: Anomaly,
    transition: (id, action) => transitionAnomaly(db, id, action),
    present: toAnomaly,
  });
}
