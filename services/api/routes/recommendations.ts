import type { Router } from 'express';
import { pgExecutor } from '../../lib/db/executor.ts';
import type { ApiDeps } from '../deps.ts';
import { registerLifecycleRoutes, statusesOf, statusFilter } from '../http/lifecycle-routes.ts';
import { keysetAfter, keysetKey, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { Fingerprint, iso, json, SearchText, ServerId, Time } from '../http/read-params.ts';
import { rangeQuery, resolveRange } from '../http/time-range.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { keyOfRow } from '../sql/reads/keyset.ts';
import {
  listRecommendations,
  RECOMMENDATION_KEYS,
  RECOMMENDATION_STATUSES,
  transitionRecommendation,
  type RecommendationStatus,
} from '../sql/reads/recommendations.ts';

// GET /api/v1/recommendations — findings of the analyzer, most recently updated first;
// POST /api/v1/recommendations/{id}/acknowledge|resolve|dismiss — the lifecycle (operator, audited).

const Recommendation = z
  .object({
    recommendation_id: z.string(),
    server_id: z.string(),
    kind: z.string(),
    title: z.string(),
    status: z.enum(RECOMMENDATION_STATUSES),
    created_at: Time,
    updated_at: Time,
    evidence: z.unknown(),
    suggested_sql: z.string().nullable(),
    estimated_benefit: z.string(),
    benefit_score: z.number(),
    fingerprint: z.string().nullable(),
    dedupe_key: z.string(),
  })
  .openapi('Recommendation');

const toRecommendation = (r: Record<string, unknown>) => ({
  recommendation_id: r.recommendation_id,
  server_id: r.server_id,
  kind: r.kind,
  title: r.title,
  status: r.status,
  created_at: iso(r.created_at as Date),
  updated_at: r.updated_at,
  evidence: r.evidence,
  suggested_sql: r.suggested_sql,
  estimated_benefit: r.estimated_benefit,
  benefit_score: r.benefit_score,
  fingerprint: r.fingerprint,
  dedupe_key: r.dedupe_key,
});

export function register(router: Router, deps: ApiDeps): void {
  const db = pgExecutor(deps.pool);
  const TAG = 'recommendations';

  const List = {
    query: z.strictObject({
      server_id: ServerId.optional(),
      status: statusFilter(RECOMMENDATION_STATUSES).optional(),
      kind: SearchText(100).optional(),
      fingerprint: Fingerprint.optional(),
      ...rangeQuery(),
      ...pageQuery(deps.config.maxPage),
    }),
  };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/recommendations',
    tags: ['recommendations'],
    summary: 'Recommendations, most recently updated first (viewer)',
    description: 'With `from` and/or `to`, only those updated in that range; without, all of them.',
    request: { query: List.query },
    responses: {
      200: { description: 'A page of recommendations', ...json(pageOf(Recommendation)) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/recommendations', deps.auth.requireRole('viewer'), validate(List), async (_req, res) => {
    const q = input(res, List).query;
    const after = keysetAfter(
      q.cursor,
      TAG,
      RECOMMENDATION_KEYS.map((k) => k.kind),
    );
    const rows = await listRecommendations(db, {
      serverId: q.server_id,
      statuses: statusesOf<RecommendationStatus>(q.status),
      kind: q.kind,
      fingerprint: q.fingerprint,
      updated: q.from !== undefined || q.to !== undefined ? resolveRange(q) : undefined,
      limit: q.limit,
      after,
    });
    res.json(
      toPage(rows, q.limit, toRecommendation, (r) => keysetKey(TAG, keyOfRow(r, RECOMMENDATION_KEYS))),
    );
  });

  registerLifecycleRoutes(router, deps, {
    noun: 'recommendation',
    collection: 'recommendations',
    item: Recommendation,
    transition: (id, action) => transitionRecommendation(db, id, action),
    present: toRecommendation,
  });
}
