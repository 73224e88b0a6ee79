import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { newCollectorToken } from '../auth/opaque-token.ts';
import { defaultCollectorConfig } from '../collector-config/defaults.ts';
import { configEtag } from '../collector-config/etag.ts';
import { bearer, isOneTimeToken, sameSecret, sha256 } from '../collectors/bootstrap-credential.ts';
import { agentVersion, collectorName, hostname, json, labels } from '../collectors/fields.ts';
import type { ApiDeps } from '../deps.ts';
import { ApiError, forbidden, unauthorized } from '../http/api-error.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { findUsableBootstrapToken, spendBootstrapToken } from '../sql/collector-bootstrap-tokens.ts';
import { insertConfigVersion } from '../sql/collector-config.ts';
import { insertCollector, insertCollectorToken } from '../sql/collectors.ts';
import { inTransaction } from '../sql/transaction.ts';

// How an agent joins: POST /collectors/register with a bootstrap credential creates the collector, its token
// (shown once) and configuration version 1 (the default). The credential is the shared
// PGA_API_BOOTSTRAP_TOKEN or a one-time token an admin created (routes/bootstrap-tokens.ts). Failed attempts are
// rate-limited per client address and audited; successful registrations are not limited, so a fleet
// rolled out at once is not throttled.

const Register = {
  body: z
    .strictObject({ name: collectorName, hostname, agent_version: agentVersion, labels: labels.optional() })
    .openapi('CollectorRegistration'),
  query: z.strictObject({}),
};
const Registered = z
  .object({
    collector_id: z.string(),
    token: z.string().openapi({ description: 'the collector token (pgac_…), shown only in this response' }),
    config_url: z.string().openapi({ example: '/api/v1/config/0b7c4f4e-4d0a-4a8e-9d0c-6b1e2f3a4b5c' }),
    config_version: z.number().int(),
    config_etag: z.string(),
  })
  .openapi('RegisteredCollector');

type Credential = { kind: 'shared' } | { kind: 'one-time'; hash: Buffer };

export function register(router: Router, deps: ApiDeps): void {
  const { pool, audit, openapi, config } = deps;

  const failedRegistrations = rateLimit({
    windowMs: 60_000,
    limit: config.registerFailuresPerMinute,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new ApiError(
          429,
          'RATE_LIMITED',
          'too many failed registrations from this address; retry in a minute',
        ),
      ),
  });

  /** Checks the bootstrap credential before the body is looked at: an unauthenticated caller learns nothing. */
  const bootstrapCredential = async (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req.headers.authorization);
    const shared = config.bootstrapToken;
    let failure: ApiError | undefined;
    if (token !== undefined && shared !== undefined && sameSecret(token, shared)) {
      res.locals.bootstrap = { kind: 'shared' } satisfies Credential;
    } else if (token !== undefined && isOneTimeToken(token)) {
      const hash = sha256(token);
      if (await findUsableBootstrapToken(pool, hash))
        res.locals.bootstrap = { kind: 'one-time', hash } satisfies Credential;
      else failure = unauthorized('bootstrap token unknown, used, revoked or expired');
    } else if (shared === undefined) {
      failure = forbidden(
        'collector registration is disabled: set PGA_API_BOOTSTRAP_TOKEN on the API, or have an admin create a one-time token (POST /api/v1/bootstrap-tokens)',
      );
    } else {
      failure = unauthorized(
        token === undefined ? 'send Authorization: Bearer <bootstrap token>' : 'invalid bootstrap token',
      );
    }
    if (failure) {
      await audit(res, {
        action: 'collector.register',
        outcome: 'failure',
        details: { reason: failure.message, status: failure.status },
      });
      throw failure;
    }
    next();
  };

  openapi.registerPath({
    method: 'post',
    path: '/api/v1/collectors/register',
    tags: ['collectors'],
    summary: 'Register an agent: a collector id, its token (shown once) and the URL of its configuration',
    description:
      'Authorization: Bearer <PGA_API_BOOTSTRAP_TOKEN, or a one-time pgab_ token>. Failed attempts are rate-limited per address.',
    request: { body: json(Register.body) },
    responses: {
      201: { description: 'Registered', ...json(Registered) },
      ...errorResponses(400, 401, 403, 413, 429),
    },
  });
  router.post(
    '/collectors/register',
    failedRegistrations,
    bootstrapCredential,
    validate(Register),
    async (_req, res) => {
      const body = input(res, Register).body;
      const credential = res.locals.bootstrap as Credential;
      const collectorId = randomUUID();
      const secret = newCollectorToken();
      const initial = defaultCollectorConfig({
        kafkaBrokers: config.stack.kafkaBrokers,
        topicPrefix: config.stack.topicPrefix,
      });
      const etag = configEtag(1, initial);
      const tokenId = await inTransaction(pool, async (tx) => {
        await insertCollector(tx, {
          collectorId,
          name: body.name,
          hostname: body.hostname,
          agentVersion: body.agent_version,
          labels: body.labels ?? {},
        });
        if (credential.kind === 'one-time' && !(await spendBootstrapToken(tx, credential.hash, collectorId)))
          throw unauthorized('bootstrap token unknown, used, revoked or expired');
        await insertConfigVersion(tx, {
          collectorId,
          version: 1,
          config: initial,
          etag,
          createdBy: 'registration',
          comment: 'default configuration',
        });
        return insertCollectorToken(tx, collectorId, secret.hash);
      });
      await audit(res, {
        action: 'collector.register',
        target: collectorId,
        outcome: 'success',
        details: { name: body.name, hostname: body.hostname, bootstrap: credential.kind, token_id: tokenId },
      });
      res
        .status(201)
        .location(`/api/v1/collectors/${collectorId}`)
        .json({
          collector_id: collectorId,
          token: secret.token,
          config_url: `/api/v1/config/${collectorId}`,
          config_version: 1,
          config_etag: etag,
        });
    },
  );
}
