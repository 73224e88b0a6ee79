import type { Router } from 'express';
import { pgExecutor } from '../../lib/db/executor.ts';
import type { ApiDeps } from '../deps.ts';
import { conflict, notFound } from '../http/api-error.ts';
import { keysetAfter, keysetKey, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { EventId, Fingerprint, iso, json, SearchText, ServerId, Time } from '../http/read-params.ts';
import { rangeQuery, resolveRange } from '../http/time-range.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { keyOfRow } from '../sql/reads/keyset.ts';
import {
  listRecommendations,
  RECOMMENDATION_KEYS,
  RECOMMENDATION_STATUSES,
  TRANSITIONS,
  transitionRecommendation,
  type RecommendationAction,
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

/** `status=open,acknowledged` */
const StatusList = z
  .string()
  .regex(
    new RegExp(`^(${RECOMMENDATION_STATUSES.join('|')})(,(${RECOMMENDATION_STATUSES.join('|')}))*$`),
    `expected one or more of ${RECOMMENDATION_STATUSES.join(', ')}, separated by commas`,
  );

export function register(router: Router, deps: ApiDeps): void {
  const db = pgExecutor(deps.pool);
  const TAG = 'recommendations';

  const List = {
    query: z.strictObject({
      server_id: ServerId.optional(),
      status: StatusList.optional().openapi({ description: 'One or more statuses, comma-separated' }),
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
      statuses: q.status?.split(',') as RecommendationStatus[] | undefined,
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

  const Act = {
    params: z.strictObject({ id: EventId }),
    body: z
      .strictObject({
        note: z
          .string()
          .min(1)
          .max(1000)
          .refine((v) => !v.includes('\u0000'), 'expected text without NUL characters')
          .optional()
          .openapi({ description: 'Kept in the audit log' }),
      })
      .optional(),
  };
  for (const action of Object.keys(TRANSITIONS) as RecommendationAction[]) {
    const t = TRANSITIONS[action];
    deps.openapi.registerPath({
      method: 'post',
      path: `/api/v1/recommendations/{id}/${action}`,
      tags: ['recommendations'],
      summary: `Mark a recommendation ${t.to} (operator; from ${t.from.join(' or ')})`,
      request: {
        params: Act.params,
        body: { required: false, content: { 'application/json': { schema: Act.body } } },
      },
      responses: {
        200: { description: `The recommendation, now ${t.to}`, ...json(Recommendation) },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    });
    router.post(
      `/recommendations/:id/${action}`,
      deps.auth.requireRole('operator'),
      validate(Act),
      async (_req, res) => {
        const { params, body } = input(res, Act);
        const result = await transitionRecommendation(db, params.id, action);
        const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) =>
          deps.audit(res, {
            action: `recommendation.${action}`,
            target: params.id,
            outcome,
            details: { ...details, ...(body?.note === undefined ? {} : { note: body.note }) },
          });
        if (result.outcome === 'not_found') {
          await audit('failure', { reason: 'not_found' });
          throw notFound(`recommendation ${params.id}`);
        }
        if (result.outcome === 'conflict') {
          await audit('failure', { reason: 'invalid_transition', status: result.status });
          throw conflict(
            `recommendation ${params.id} is ${result.status}: it can be marked ${t.to} only when ${t.from.join(' or ')}`,
            {
              status: result.status,
              allowed_from: t.from,
            },
          );
        }
        await audit('success', { from: result.from, to: t.to });
        res.json(toRecommendation(result.row));
      },
    );
  }
}
