import type { Router } from 'express';
import { pgExecutor } from '../../lib/db/executor.ts';
import type { ApiDeps } from '../deps.ts';
import { keysetAfter, keysetKey, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { json, SearchText, ServerId, Time } from '../http/read-params.ts';
import { rangeQuery, resolveRange } from '../http/time-range.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { keyOfRow, withoutKeys } from '../sql/reads/keyset.ts';
import { LOG_KEYS, searchLogs, SEVERITIES } from '../sql/reads/logs.ts';

// GET /api/v1/logs — search the servers' log events (newest first) by server, minimum severity, category,
// SQLSTATE, database and text.

const LogEvent = z
  .object({
    time: Time.openapi({ description: 'collected_at of the batch that carried the event' }),
    server_id: z.string(),
    log_time: Time,
    severity: z.string(),
    sqlstate: z.string().nullable(),
    category: z.string(),
    database_name: z.string().nullable(),
    user_name: z.string().nullable(),
    application_name: z.string().nullable(),
    pid: z.number().int().nullable(),
    backend_type: z.string().nullable(),
    duration_ms: z.number().nullable(),
    message: z.string(),
    detail: z.string().nullable(),
    hint: z.string().nullable(),
    context: z.string().nullable(),
    statement: z.string().nullable(),
    query_id: z.string().nullable(),
    plan: z.string().nullable(),
    line_count: z.number().int(),
    truncated: z.boolean(),
  })
  .openapi('LogEvent');

export function register(router: Router, deps: ApiDeps): void {
  const db = pgExecutor(deps.pool);
  const TAG = 'logs';

  const Search = {
    query: z.strictObject({
      server_id: ServerId.optional(),
      severity: z
        .enum(SEVERITIES)
        .optional()
        .openapi({ description: `At least this severity, in the order ${SEVERITIES.join(' < ')}` }),
      category: z
        .string()
        .regex(/^[a-z_]{1,40}$/, 'expected a category such as error, slow_query or lock_wait')
        .optional()
        .openapi({
          description:
            'error, connection, checkpoint, autovacuum, slow_query, lock_wait, deadlock, temp_file, auth_failure or other',
        }),
      sqlstate: z
        .string()
        .regex(/^[0-9A-Z]{5}$/, 'expected a 5-character error code such as 40P01')
        .optional(),
      database: SearchText(200).optional(),
      q: SearchText(200)
        .optional()
        .openapi({ description: 'Text in the message, detail or statement (case-insensitive, literal)' }),
      ...rangeQuery(),
      ...pageQuery(deps.config.maxPage),
    }),
  };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/logs',
    tags: ['logs'],
    summary: 'Search log events, newest first (viewer)',
    request: { query: Search.query },
    responses: {
      200: { description: 'A page of log events', ...json(pageOf(LogEvent)) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/logs', deps.auth.requireRole('viewer'), validate(Search), async (_req, res) => {
    const q = input(res, Search).query;
    const range = resolveRange(q);
    const after = keysetAfter(
      q.cursor,
      TAG,
      LOG_KEYS.map((k) => k.kind),
    );
    const rows = await searchLogs(db, {
      ...range,
      serverId: q.server_id,
      severity: q.severity,
      category: q.category,
      sqlstate: q.sqlstate,
      database: q.database,
      text: q.q,
      limit: q.limit,
      after,
    });
    res.json(toPage(rows, q.limit, withoutKeys, (r) => keysetKey(TAG, keyOfRow(r, LOG_KEYS))));
  });
}
