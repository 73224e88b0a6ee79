import type { Router } from 'express';
import { errorMessage } from '../../lib/errors.ts';
import type { ApiDeps } from '../deps.ts';
import { ApiError } from '../http/api-error.ts';
import { validate } from '../http/validate.ts';
import type { KafkaState } from '../kafka-probe.ts';
import { errorResponses, z } from '../openapi.ts';
import { collectorsSeen, schemaState, storedOffsets } from '../sql/status.ts';

// Operations: liveness and readiness for orchestrators (no auth), and a status page for people (viewer).
// Readiness needs the database and Kafka. PGA_API_READY_REQUIRES_KAFKA=false drops the Kafka requirement
// (Kafka is still reported): the API serves reads and configuration without Kafka, so an operator may
// prefer that a Kafka outage not take it out of a load balancer. /metrics (Prometheus) is mounted by app.ts.

const ONLINE_WITHIN_S = 120;
const NoQuery = { query: z.object({}).strict() };

const KafkaStateSchema = z
  .object({
    reachable: z.boolean(),
    brokers: z.number().int().optional(),
    error: z.string().optional(),
    checked_at: z.iso.datetime(),
  })
  .openapi('KafkaState');
const Ready = z
  .object({
    status: z.literal('ready'),
    checks: z.object({ database: z.object({ ok: z.boolean() }), kafka: KafkaStateSchema }),
  })
  .openapi('Ready');
const Lag = z.object({
  consumer_group: z.string(),
  topic: z.string(),
  partition: z.number().int(),
  next_offset: z.number().int(),
  latest_offset: z.number().int().nullable(),
  lag: z.number().int().nullable(),
  updated_at: z.iso.datetime(),
});
const Status = z
  .object({
    version: z.string(),
    node: z.string(),
    schema: z.object({
      migrations_applied: z.number().int(),
      latest_migration: z.string().nullable(),
      storage_mode: z.string().nullable(),
    }),
    kafka: KafkaStateSchema,
    ingest_lag: z.array(Lag),
    collectors: z.object({
      total: z.number().int(),
      online: z
        .number()
        .int()
        .openapi({ description: `heard from in the last ${ONLINE_WITHIN_S} s` }),
    }),
  })
  .openapi('Status');

export function register(router: Router, deps: ApiDeps): void {
  const { openapi, pool, kafka, config } = deps;
  const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

  openapi.registerPath({
    method: 'get',
    path: '/api/v1/health',
    tags: ['ops'],
    summary: 'Liveness: the process answers',
    security: [],
    responses: {
      200: { description: 'Alive', ...json(z.object({ status: z.literal('ok'), version: z.string() })) },
    },
  });
  router.get('/health', validate(NoQuery), (_req, res) => {
    res.json({ status: 'ok', version: deps.version });
  });

  openapi.registerPath({
    method: 'get',
    path: '/api/v1/ready',
    tags: ['ops'],
    summary:
      'Readiness: the database and Kafka answer (Kafka only reported with PGA_API_READY_REQUIRES_KAFKA=false)',
    security: [],
    responses: {
      200: { description: 'Ready', ...json(Ready) },
      ...errorResponses(503),
    },
  });
  router.get('/ready', validate(NoQuery), async (_req, res) => {
    const [database, kafkaState] = await Promise.all([
      pool.query('SELECT 1').then(
        () => ({ ok: true }),
        (err: unknown) => ({ ok: false, error: errorMessage(err) }),
      ),
      kafka.state(),
    ]);
    const checks = { database, kafka: kafkaState };
    const reasons = notReadyReasons(database.ok, kafkaState, config.readyRequiresKafka);
    if (reasons.length > 0) throw new ApiError(503, 'NOT_READY', reasons.join('; '), checks);
    res.json({ status: 'ready', checks });
  });

  openapi.registerPath({
    method: 'get',
    path: '/api/v1/status',
    tags: ['ops'],
    summary: 'Versions, ingest lag per partition, collectors online (viewer)',
    responses: { 200: { description: 'Status', ...json(Status) }, ...errorResponses(401, 403) },
  });
  router.get('/status', deps.auth.requireRole('viewer'), validate(NoQuery), async (_req, res) => {
    const [schema, offsets, collectors, kafkaState] = await Promise.all([
      schemaState(pool),
      storedOffsets(pool),
      collectorsSeen(pool, ONLINE_WITHIN_S),
      kafka.state(),
    ]);
    const latest = new Map<string, Map<number, number>>();
    if (kafkaState.reachable) {
      for (const topic of new Set(offsets.map((o) => o.topic))) {
        latest.set(topic, await kafka.latestOffsets(topic).catch(() => new Map<number, number>()));
      }
    }
    res.json({
      version: deps.version,
      node: process.version,
      schema: {
        migrations_applied: schema.applied,
        latest_migration: schema.latest,
        storage_mode: schema.storage_mode,
      },
      kafka: kafkaState,
      ingest_lag: offsets.map((o) => {
        const high = latest.get(o.topic)?.get(o.partition);
        return {
          consumer_group: o.consumer_group,
          topic: o.topic,
          partition: o.partition,
          next_offset: o.next_offset,
          latest_offset: high ?? null,
          lag: high === undefined ? null : Math.max(0, high - o.next_offset),
          updated_at: o.updated_at.toISOString(),
        };
      }),
      collectors,
    });
  });
}

function notReadyReasons(databaseOk: boolean, kafka: KafkaState, requireKafka: boolean): string[] {
  const reasons: string[] = [];
  if (!databaseOk) reasons.push('the database does not answer');
  if (requireKafka && !kafka.reachable) reasons.push(`Kafka is unreachable (${kafka.error ?? 'no answer'})`);
  return reasons;
}
