import type { z } from 'zod';
import { CollectorConfigSchema, type CollectorConfig } from './schema.ts';

// Validation outside HTTP (the routes validate through `validate()` with the same schema): for tools, tests
// and the rollback check. Paths are written the way the documentation names keys: instances[0].plugins.logs.

export interface ConfigIssue {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; config: CollectorConfig } | { ok: false; issues: ConfigIssue[] };

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

export function configIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path) || '(root)', message: i.message }));
}

export function parseCollectorConfig(value: unknown): ParseResult {
  const r = CollectorConfigSchema.safeParse(value);
  return r.success ? { ok: true, config: r.data } : { ok: false, issues: configIssues(r.error) };
}
