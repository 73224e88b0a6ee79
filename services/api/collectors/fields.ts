import { hasControlCharacters } from '../collector-config/fields.ts';
import { z } from '../openapi.ts';

// Request and response shapes shared by the collector routes (registration, management, configuration).
// Character sets are closed on purpose: names, host names, versions and labels are shown in UIs, logs and
// metrics labels, so they hold no quotes, control characters or markup.

export const collectorId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'expected a collector id')
  .meta({ example: '0b7c4f4e-4d0a-4a8e-9d0c-6b1e2f3a4b5c' });

export const CollectorIdParams = z.strictObject({ collector_id: collectorId });

export const collectorName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 _.:@()+/-]{0,127}$/,
    'expected 1–128 letters, digits, spaces or _ . : @ ( ) + / - (starting with a letter or digit)',
  )
  .meta({ example: 'db-prod-eu-1' });

export const hostname = z
  .string()
  .regex(/^[A-Za-z0-9_]([A-Za-z0-9_.:-]{0,252})$/, 'expected a host name or IP address')
  .meta({ example: 'db1.example.net' });

export const agentVersion = z
  .string()
  .regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/, 'expected a version such as 1.2.3 or 1.2.3-rc.1+abc')
  .meta({ example: '0.1.0' });

const labelKey = /^[A-Za-z0-9]([A-Za-z0-9_./-]{0,62})$/;

export const labels = z
  .record(
    z.string().regex(labelKey, 'expected a label key of 1–63 letters, digits or _ . / -'),
    z
      .string()
      .regex(
        /^[A-Za-z0-9 _.:@/+-]{0,256}$/,
        'expected a label value of letters, digits, spaces or _ . : @ / + -',
      ),
  )
  .refine((l) => Object.keys(l).length <= 64, 'at most 64 labels')
  .meta({ example: { env: 'prod', region: 'eu-west-1' } });

/** `key:value[,key:value…]` in a query string (filter by labels). */
export const labelSelector = z
  .string()
  .max(2000)
  .transform((s, ctx) => {
    const out: Record<string, string> = {};
    for (const pair of s.split(',')) {
      const i = pair.indexOf(':');
      const key = i < 0 ? '' : pair.slice(0, i);
      const value = i < 0 ? '' : pair.slice(i + 1);
      if (!labelKey.test(key) || !/^[A-Za-z0-9 _.@/+-]{0,256}$/.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected key:value[,key:value…], got ${JSON.stringify(pair)}`,
        });
        return z.NEVER;
      }
      out[key] = value;
    }
    return out;
  })
  .meta({ example: 'env:prod,region:eu-west-1' });

export const STATUSES = ['active', 'deregistered'] as const;

export const Collector = z
  .object({
    collector_id: z.string(),
    name: z.string(),
    hostname: z.string().nullable(),
    agent_version: z.string().nullable(),
    status: z.enum(STATUSES),
    labels: z.record(z.string(), z.string()),
    registered_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    last_seen: z.iso.datetime().nullable(),
    deregistered_at: z.iso.datetime().nullable(),
    config_version: z.number().int().nullable().meta({ description: 'latest configuration version' }),
    config_etag: z.string().nullable(),
    applied_config_version: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'the version the agent reported running in its last heartbeat' }),
  })
  .openapi('Collector');

/** Free text (comments): printable, newlines and tabs allowed, at most 1000 characters. */
export const comment = z
  .string()
  .max(1000)
  .refine(
    (s) => !hasControlCharacters(s, '\n\t'),
    'expected text without control characters (newlines and tabs allowed)',
  );

export const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
