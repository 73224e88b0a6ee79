import type { Response, Router } from 'express';
import { configEtag, ifMatchHolds, noneMatchHits } from '../collector-config/etag.ts';
import { parseCollectorConfig } from '../collector-config/parse.ts';
import { CollectorConfigSchema } from '../collector-config/schema.ts';
import { actorLabel } from '../collectors/actor-label.ts';
import { audited } from '../collectors/audited.ts';
import { CollectorIdParams, comment, json } from '../collectors/fields.ts';
import { principalOf, type ApiDeps } from '../deps.ts';
import { conflict, notFound, preconditionFailed } from '../http/api-error.ts';
import { decodeCursor, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import {
  configVersion,
  insertConfigVersion,
  latestConfig,
  latestConfigMeta,
  listConfigVersions,
  type ConfigVersionMeta,
  type ConfigVersionRow,
} from '../sql/collector-config.ts';
import { getCollector, lockCollector } from '../sql/collectors.ts';
import { inTransaction, type PoolClient } from '../sql/transaction.ts';

// Versioned collector configuration. The agent pulls GET /config/{id} with If-None-Match (304 while
// nothing changed); operators add versions (POST or PUT, optionally guarded by If-Match), read the history
// and roll back (a new version with exactly the old content). Versions are allocated under the collector's
// row lock, so concurrent writers each get their own version and none is lost.

/** The version list is paged by version number, descending. */
const VersionCursor = z.strictObject({ v: z.number().int().min(1).max(2_147_483_647) });
const CONFIG_VERSION_HEADER = 'Pga-Config-Version';

const VersionMeta = z
  .object({
    version: z.number().int(),
    etag: z.string(),
    created_at: z.iso.datetime(),
    created_by: z.string(),
    comment: z.string().nullable(),
    rollback_of: z.number().int().nullable().openapi({ description: 'the version this one restored' }),
  })
  .openapi('CollectorConfigVersionMeta');
const Version = VersionMeta.extend({ config: CollectorConfigSchema }).openapi('CollectorConfigVersion');

const presentMeta = (v: ConfigVersionMeta) => ({
  version: v.version,
  etag: v.etag,
  created_at: v.created_at.toISOString(),
  created_by: v.created_by,
  comment: v.comment,
  rollback_of: v.rollback_of,
});
const presentVersion = (v: ConfigVersionRow) => ({ ...presentMeta(v), config: v.config });

const versionNumber = z.coerce.number().int().min(1).max(2_147_483_647);
const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .openapi({ description: 'the etag the change is based on: 412 when stale' }),
});

/** A new version on top of the latest, under the collector's row lock. */
async function appendVersion(
  tx: PoolClient,
  collectorId: string,
  ifMatch: string | undefined,
  content: (tx: PoolClient) => Promise<{ config: unknown; rollbackOf?: number }>,
  meta: { createdBy: string; comment: string | undefined },
): Promise<ConfigVersionMeta & { config: unknown }> {
  const collector = await lockCollector(tx, collectorId);
  if (!collector) throw notFound('collector');
  if (collector.status !== 'active') throw conflict('the collector is deregistered: reactivate it first');
  const latest = await latestConfigMeta(tx, collectorId);
  if (!ifMatchHolds(ifMatch, latest?.etag))
    throw preconditionFailed(
      `the configuration changed since you read it (If-Match ${ifMatch}, now ${latest?.etag ?? 'none'}): read it again`,
    );
  const { config, rollbackOf } = await content(tx);
  const version = (latest?.version ?? 0) + 1;
  const row = await insertConfigVersion(tx, {
    collectorId,
    version,
    config,
    etag: configEtag(version, config),
    createdBy: meta.createdBy,
    comment: meta.comment,
    rollbackOf,
  });
  return { ...row, config };
}

function sendCreated(
  res: Response,
  status: number,
  collectorId: string,
  v: ConfigVersionMeta & { config: unknown },
) {
  res
    .status(status)
    .set('ETag', v.etag)
    .location(`/api/v1/config/${collectorId}/versions/${v.version}`)
    .json({ ...presentMeta(v), config: v.config });
}

export function register(router: Router, deps: ApiDeps): void {
  const { pool, audit, openapi, auth } = deps;
  const operator = auth.requireRole('operator');
  const selfOrOperator = auth.requireCollectorOrRole('collector_id', 'operator');
  const noQuery = z.strictObject({});

  const Get = { params: CollectorIdParams, query: noQuery };
  openapi.registerPath({
    method: 'get',
    path: '/api/v1/config/{collector_id}',
    tags: ['collector-config'],
    summary: 'The latest configuration of a collector (its own collector token, or operator)',
    request: {
      params: Get.params,
      headers: z.object({
        'if-none-match': z.string().optional().openapi({ description: 'etag you have: 304 if current' }),
      }),
    },
    responses: {
      200: {
        description: `The configuration; ETag and ${CONFIG_VERSION_HEADER} headers name the version`,
        ...json(CollectorConfigSchema),
      },
      304: { description: 'Not modified: the etag in If-None-Match is the latest' },
      ...errorResponses(400, 401, 403, 404),
    },
  });
  router.get('/config/:collector_id', selfOrOperator, validate(Get), async (req, res) => {
    const id = input(res, Get).params.collector_id;
    const latest = await latestConfig(pool, id);
    if (!latest)
      throw notFound((await getCollector(pool, id)) ? 'configuration of this collector' : 'collector');
    res.set({
      ETag: latest.etag,
      [CONFIG_VERSION_HEADER]: String(latest.version),
      'Cache-Control': 'no-cache',
    });
    if (noneMatchHits(req.headers['if-none-match'], latest.etag)) return void res.status(304).end();
    res.json(latest.config);
  });

  const Write = {
    params: CollectorIdParams,
    query: noQuery,
    body: z
      .strictObject({ config: CollectorConfigSchema, comment: comment.optional() })
      .openapi('CollectorConfigWrite'),
  };
  for (const method of ['post', 'put'] as const) {
    openapi.registerPath({
      method,
      path: '/api/v1/config/{collector_id}',
      tags: ['collector-config'],
      summary: 'Add a configuration version (operator); every default is written out in what is stored',
      request: { params: Write.params, headers: ifMatchHeaders, body: json(Write.body) },
      responses: {
        [method === 'post' ? 201 : 200]: { description: 'The new version', ...json(Version) },
        ...errorResponses(400, 401, 403, 404, 409, 412, 413),
      },
    });
    router[method]('/config/:collector_id', operator, validate(Write), async (req, res) => {
      const { params, body } = input(res, Write);
      const id = params.collector_id;
      const created = await audited(audit, res, { action: 'collector.config.update', target: id }, () =>
        inTransaction(pool, (tx) =>
          appendVersion(tx, id, req.headers['if-match'], async () => ({ config: body.config }), {
            createdBy: actorLabel(principalOf(res)),
            comment: body.comment,
          }),
        ),
      );
      await audit(res, {
        action: 'collector.config.update',
        target: id,
        outcome: 'success',
        details: { version: created.version, etag: created.etag, comment: body.comment ?? null },
      });
      sendCreated(res, method === 'post' ? 201 : 200, id, created);
    });
  }

  const Versions = { params: CollectorIdParams, query: z.strictObject(pageQuery(deps.config.maxPage)) };
  openapi.registerPath({
    method: 'get',
    path: '/api/v1/config/{collector_id}/versions',
    tags: ['collector-config'],
    summary: 'The configuration history of a collector, newest first (operator)',
    request: { params: Versions.params, query: Versions.query },
    responses: {
      200: { description: 'A page of versions (without content)', ...json(pageOf(VersionMeta)) },
      ...errorResponses(400, 401, 403, 404),
    },
  });
  router.get('/config/:collector_id/versions', operator, validate(Versions), async (_req, res) => {
    const { params, query } = input(res, Versions);
    const id = params.collector_id;
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor, VersionCursor).v;
    const rows = await listConfigVersions(pool, id, { limit: query.limit + 1, beforeVersion: before });
    if (rows.length === 0 && !(await getCollector(pool, id))) throw notFound('collector');
    res.json(toPage(rows, query.limit, presentMeta, (r) => ({ v: r.version })));
  });

  const OneVersion = {
    params: z.strictObject({ collector_id: CollectorIdParams.shape.collector_id, version: versionNumber }),
    query: noQuery,
  };
  openapi.registerPath({
    method: 'get',
    path: '/api/v1/config/{collector_id}/versions/{version}',
    tags: ['collector-config'],
    summary: 'One configuration version with its content (operator)',
    request: { params: OneVersion.params },
    responses: {
      200: { description: 'The version', ...json(Version) },
      ...errorResponses(400, 401, 403, 404),
    },
  });
  router.get('/config/:collector_id/versions/:version', operator, validate(OneVersion), async (_req, res) => {
    const { collector_id, version } = input(res, OneVersion).params;
    const row = await configVersion(pool, collector_id, version);
    if (!row) throw notFound(`configuration version ${version}`);
    res.set('ETag', row.etag).json(presentVersion(row));
  });

  const Rollback = {
    params: CollectorIdParams,
    query: noQuery,
    body: z
      .strictObject({ version: z.number().int().min(1).max(2_147_483_647), comment: comment.optional() })
      .openapi('CollectorConfigRollback'),
  };
  openapi.registerPath({
    method: 'post',
    path: '/api/v1/config/{collector_id}/rollback',
    tags: ['collector-config'],
    summary: 'Roll back: a new version whose content is exactly that of an earlier one (operator)',
    request: { params: Rollback.params, headers: ifMatchHeaders, body: json(Rollback.body) },
    responses: {
      201: { description: 'The new version', ...json(Version) },
      ...errorResponses(400, 401, 403, 404, 409, 412, 413),
    },
  });
  router.post('/config/:collector_id/rollback', operator, validate(Rollback), async (req, res) => {
    const { params, body } = input(res, Rollback);
    const id = params.collector_id;
    const created = await audited(audit, res, { action: 'collector.config.rollback', target: id }, () =>
      inTransaction(pool, (tx) =>
        appendVersion(
          tx,
          id,
          req.headers['if-match'],
          async () => {
            const old = await configVersion(tx, id, body.version);
            if (!old) throw notFound(`configuration version ${body.version}`);
            // The old content is restored as it was; it must still be a configuration the agent accepts.
            const check = parseCollectorConfig(old.config);
            if (!check.ok)
              throw conflict(`version ${body.version} is not valid under the current schema`, check.issues);
            return { config: old.config, rollbackOf: body.version };
          },
          {
            createdBy: actorLabel(principalOf(res)),
            comment: body.comment ?? `rollback to version ${body.version}`,
          },
        ),
      ),
    );
    await audit(res, {
      action: 'collector.config.rollback',
      target: id,
      outcome: 'success',
      details: { version: created.version, rollback_of: body.version, etag: created.etag },
    });
    sendCreated(res, 201, id, created);
  });
}
