import type { Router } from 'express';
import type { SchemaEntry } from '../../lib/avro/index.ts';
import { topicName } from '../../lib/kafka/topics.ts';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../http/api-error.ts';
import { json } from '../http/read-params.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';

// GET /api/v1/schemas and /api/v1/schemas/{fingerprint}: the Avro schemas of every topic, current and
// older writer versions, so that downstream consumers can decode any message. Messages use Avro
// single-object encoding: C3 01, then the writer schema's CRC-64-AVRO fingerprint (8 bytes, little-endian),
// then the body. The fingerprints here are those 8 bytes as hex, in wire order: a consumer reads bytes
// 2–9 of a message, hex-encodes them and asks for that schema.

const FingerprintHex = z
  .string()
  .regex(/^[0-9a-f]{16}$/, 'expected the 8-byte schema fingerprint as 16 lowercase hex digits (wire order)')
  .openapi({ example: 'c3a1b2d4e5f60718' });

const Version = z.object({ fingerprint: FingerprintHex, current: z.boolean() });

const SchemaSummary = z
  .object({
    name: z.string().openapi({ example: 'metrics.statements.v1' }),
    topic: z.string().openapi({ example: 'pga.metrics.statements.v1' }),
    fingerprint: FingerprintHex.openapi({ description: 'Fingerprint of the current (reader) schema' }),
    versions: z
      .array(Version)
      .openapi({ description: 'Every writer schema a message of this topic may carry' }),
  })
  .openapi('SchemaSummary');

const SchemaDetail = z
  .object({
    name: z.string(),
    topic: z.string(),
    fingerprint: FingerprintHex,
    current: z.boolean().openapi({ description: 'False for an older writer schema still readable' }),
    current_fingerprint: FingerprintHex,
    canonical_form: z.string().openapi({
      description: 'Parsing Canonical Form: CRC-64-AVRO of this exact text is the fingerprint',
    }),
    schema: z.record(z.string(), z.unknown()).openapi({ description: 'The schema as written, with docs' }),
  })
  .openapi('SchemaDetail');

export function register(router: Router, deps: ApiDeps): void {
  const viewer = deps.auth.requireRole('viewer');
  const prefix = deps.config.stack.topicPrefix;
  const writersOf = (name: string): SchemaEntry[] => deps.schemas.writers().filter((w) => w.name === name);

  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/schemas',
    tags: ['schemas'],
    summary: 'The Avro schema of every topic and its readable writer versions (viewer)',
    responses: {
      200: {
        description: 'Every schema',
        ...json(z.object({ items: z.array(SchemaSummary), next_cursor: z.null() })),
      },
      ...errorResponses(401, 403),
    },
  });
  router.get('/schemas', viewer, (_req, res) => {
    const items = deps.schemas.all().map((s) => ({
      name: s.name,
      topic: topicName(prefix, s.name),
      fingerprint: s.fingerprintHex,
      versions: [
        { fingerprint: s.fingerprintHex, current: true },
        ...writersOf(s.name)
          .filter((w) => w.fingerprintHex !== s.fingerprintHex)
          .map((w) => ({ fingerprint: w.fingerprintHex, current: false }))
          .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
      ],
    }));
    res.json({ items, next_cursor: null });
  });

  const One = { params: z.strictObject({ fingerprint: FingerprintHex }) };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/schemas/{fingerprint}',
    tags: ['schemas'],
    summary: 'One writer schema by fingerprint, in canonical form and as written (viewer)',
    request: { params: One.params },
    responses: {
      200: { description: 'The schema', ...json(SchemaDetail) },
      ...errorResponses(400, 401, 403, 404),
    },
  });
  router.get('/schemas/:fingerprint', viewer, validate(One), (_req, res) => {
    const { fingerprint } = input(res, One).params;
    const entry = deps.schemas.byFingerprint(Buffer.from(fingerprint, 'hex'));
    if (!entry) throw notFound(`schema with fingerprint ${fingerprint}`);
    const current = deps.schemas.byName(entry.name);
    res.json({
      name: entry.name,
      topic: topicName(prefix, entry.name),
      fingerprint: entry.fingerprintHex,
      current: entry.fingerprintHex === current.fingerprintHex,
      current_fingerprint: current.fingerprintHex,
      canonical_form: entry.canonical,
      schema: entry.raw,
    });
  });
}
