import type { Router } from 'express';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, z } from '../openapi.ts';
import {
  LIFECYCLE_ACTIONS,
  TRANSITIONS,
  type LifecycleAction,
  type TransitionResult,
} from '../sql/lifecycle.ts';
import { conflict, notFound } from './api-error.ts';
import { EventId, json } from './read-params.ts';
import { input, validate } from './validate.ts';

// What the listings with a lifecycle share (recommendations, anomalies; sql/lifecycle.ts): the `status`
// filter of the listing, and POST /api/v1/<collection>/{id}/acknowledge|resolve|dismiss — operator role,
// optional note, 404 for an unknown id, 409 for a transition the current status does not allow. Each of
// these answers (done, 404, 409) is audited as `<noun>.<action>` with its outcome.

/** `status=open,acknowledged`: one or more of `statuses`, comma-separated. */
export function statusFilter<S extends string>(statuses: readonly S[]) {
  const one = `(${statuses.join('|')})`;
  return z
    .string()
    .regex(
      new RegExp(`^${one}(,${one})*$`),
      `expected one or more of ${statuses.join(', ')}, separated by commas`,
    )
    .openapi({ description: 'One or more statuses, comma-separated' });
}

/** The statuses of a value that `statusFilter(statuses)` accepted. */
export function statusesOf<S extends string>(value: string | undefined): S[] | undefined {
  return value?.split(',') as S[] | undefined;
}

export interface LifecycleRoutes<S extends string> {
  /** One item, in summaries, messages and audit actions: `recommendation`, `anomaly`. */
  noun: string;
  /** The listing's path segment under /api/v1, also its OpenAPI tag: `recommendations`. */
  collection: string;
  /** The response schema of one item. */
  item: z.ZodType;
  transition(id: string, action: LifecycleAction): Promise<TransitionResult<S>>;
  /** A row returned by `transition`, as the listing answers it. */
  present(row: Record<string, unknown>): unknown;
}

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

export function registerLifecycleRoutes<S extends string>(
  router: Router,
  deps: ApiDeps,
  r: LifecycleRoutes<S>,
): void {
  for (const action of LIFECYCLE_ACTIONS) {
    const t = TRANSITIONS[action];
    deps.openapi.registerPath({
      method: 'post',
      path: `/api/v1/${r.collection}/{id}/${action}`,
      tags: [r.collection],
      summary: `Mark ${article(r.noun)} ${r.noun} ${t.to} (operator; from ${t.from.join(' or ')})`,
      request: {
        params: Act.params,
        body: { required: false, content: { 'application/json': { schema: Act.body } } },
      },
      responses: {
        200: { description: `The ${r.noun}, now ${t.to}`, ...json(r.item) },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    });
    router.post(
      `/${r.collection}/:id/${action}`,
      deps.auth.requireRole('operator'),
      validate(Act),
      async (_req, res) => {
        const { params, body } = input(res, Act);
        const result = await r.transition(params.id, action);
        const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) =>
          deps.audit(res, {
            action: `${r.noun}.${action}`,
            target: params.id,
            outcome,
            details: { ...details, ...(body?.note === undefined ? {} : { note: body.note }) },
          });
        if (result.outcome === 'not_found') {
          await audit('failure', { reason: 'not_found' });
          throw notFound(`${r.noun} ${params.id}`);
        }
        if (result.outcome === 'conflict') {
          await audit('failure', { reason: 'invalid_transition', status: result.status });
          throw conflict(
            `${r.noun} ${params.id} is ${result.status}: it can be marked ${t.to} only when ${t.from.join(' or ')}`,
            { status: result.status, allowed_from: t.from },
          );
        }
        await audit('success', { from: result.from, to: t.to });
        res.json(r.present(result.row));
      },
    );
  }
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? 'an' : 'a');
