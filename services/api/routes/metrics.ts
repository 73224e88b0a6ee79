import type { Router } from 'express';
import { pgExecutor } from '../../lib/db/executor.ts';
import type { ApiDeps } from '../deps.ts';
import { badRequest } from '../http/api-error.ts';
import { keysetAfter, keysetKey, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { json, ServerId, Time } from '../http/read-params.ts';
import { rangeQuery, resolutionQuery, resolveRange } from '../http/time-range.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { columnCatalog, FAMILY_NAMES, keyOf, resolutionsOf, tableOf } from '../sql/reads/families.ts';
import { keyOfRow, withoutKeys } from '../sql/reads/keyset.ts';
import { metricRows, metricSortKeys } from '../sql/reads/metrics.ts';
import { chooseResolution, RESOLUTIONS, retentionReader } from '../sql/reads/resolution.ts';

// GET /api/v1/servers/{id}/metrics/{family} — one server's rows of one metric table, oldest first: the raw
// samples, or the 1-hour / 1-day rollups for the families that have them (statements, system_cpu,
// system_memory, system_disks). `columns=` picks a subset of the table's columns.

const MetricsResponse = pageOf(z.record(z.string(), z.unknown()))
  .extend({
    server_id: z.string(),
    family: z.enum(FAMILY_NAMES),
    resolution: z.enum(RESOLUTIONS),
    table: z.string().openapi({ description: 'The table or rollup read' }),
    from: Time,
    to: Time,
  })
  .openapi('MetricRows');

export function register(router: Router, deps: ApiDeps): void {
  const db = pgExecutor(deps.pool);
  const columnsOf = columnCatalog(db);
  const retention = retentionReader(db);

  const Rows = {
    params: z.strictObject({ id: ServerId, family: z.enum(FAMILY_NAMES) }),
    query: z.strictObject({
      columns: z
        .string()
        .max(2000)
        .regex(/^[a-z0-9_]+(,[a-z0-9_]+)*$/, 'expected column names separated by commas')
        .optional()
        .openapi({ description: 'Columns to return (default: all); `time` always comes first' }),
      ...rangeQuery(),
      ...resolutionQuery(),
      ...pageQuery(deps.config.maxPage),
    }),
  };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/servers/{id}/metrics/{family}',
    tags: ['servers'],
    summary: 'Time series rows of one metric family of one server (viewer)',
    description:
      'Rows are ordered by time, then by what identifies a row within a sample. Raw rows carry interval deltas as the agent sent them (first_seen and reset flags included); rollups carry sums, averages and maxima per bucket.',
    request: { params: Rows.params, query: Rows.query },
    responses: {
      200: { description: 'A page of rows', ...json(MetricsResponse) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get(
    '/servers/:id/metrics/:family',
    deps.auth.requireRole('viewer'),
    validate(Rows),
    async (_req, res) => {
      const { params, query: q } = input(res, Rows);
      const available = resolutionsOf(params.family);
      if (q.resolution !== undefined && !available.includes(q.resolution)) {
        throw badRequest(`${params.family} has no ${q.resolution} data; it has: ${available.join(', ')}`);
      }
      const choice = chooseResolution({
        range: resolveRange(q),
        requested: q.resolution,
        available,
        retention: await retention(),
      });
      const table = tableOf(params.family, choice.resolution) as string;
      const all = await columnsOf(table);
      let columns = all.filter((c) => c.name !== 'server_id');
      if (q.columns !== undefined) {
        const wanted = q.columns.split(',');
        const unknown = wanted.filter((w) => !all.some((c) => c.name === w));
        if (unknown.length > 0) {
          throw badRequest(`${table} has no column ${unknown.join(', ')}`, {
            columns: all.map((c) => c.name).filter((n) => n !== 'server_id'),
          });
        }
        columns = columns.filter((c) => wanted.includes(c.name));
      }
      const key = keyOf(params.family, choice.resolution);
      const sortKeys = metricSortKeys(key);
      const tag = `metrics:${table}`;
      const after = keysetAfter(
        q.cursor,
        tag,
        sortKeys.map((k) => k.kind),
      );
      const rows = await metricRows(db, {
        table,
        columns,
        key,
        serverId: params.id,
        from: choice.range.from,
        to: choice.range.to,
        limit: q.limit,
        after,
      });
      res.json({
        server_id: params.id,
        family: params.family,
        resolution: choice.resolution,
        table,
        from: choice.range.from.toISOString(),
        to: choice.range.to.toISOString(),
        ...toPage(rows, q.limit, withoutKeys, (r) => keysetKey(tag, keyOfRow(r, sortKeys))),
      });
    },
  );
}
