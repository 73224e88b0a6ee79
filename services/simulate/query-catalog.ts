import type { Random } from './random.ts';

// The application each simulated server runs: a shop-like OLTP schema with a little reporting and
// maintenance. Statement texts are normalised the way pg_stat_statements shows them ($n for constants),
// so the analyzer's fingerprinting sees realistic input.

export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'utility';

export interface QueryTemplate {
  kind: StatementKind;
  /** `{t}` is replaced by a table name, `{c}` by a column, `{n}` by a distinguishing number. */
  text: string;
  /** Median execution time in milliseconds. */
  medianMs: number;
  rowsPerCall: number;
  /** Heavy queries sort or hash beyond work_mem and spill to temporary files. */
  heavy?: boolean;
}

export const APP_TABLES = [
  'customers',
  'orders',
  'order_items',
  'products',
  'inventory',
  'payments',
  'shipments',
  'carts',
  'cart_items',
  'sessions',
  'events',
  'reviews',
  'coupons',
  'addresses',
  'audit_log',
] as const;

const COLUMNS = ['id', 'customer_id', 'status', 'created_at', 'updated_at', 'sku', 'email', 'product_id'];

export const QUERY_TEMPLATES: readonly QueryTemplate[] = [
  { kind: 'select', text: 'SELECT * FROM {t} WHERE id = $1', medianMs: 0.05, rowsPerCall: 1 },
  { kind: 'select', text: 'SELECT id, {c} FROM {t} WHERE {c} = $1 LIMIT $2', medianMs: 0.12, rowsPerCall: 8 },
  {
    kind: 'select',
    text: 'SELECT count(*) FROM {t} WHERE {c} = $1 AND created_at > now() - $2::interval',
    medianMs: 2.5,
    rowsPerCall: 1,
  },
  {
    kind: 'select',
    text: 'SELECT t.* FROM {t} t JOIN customers c ON c.id = t.customer_id WHERE c.email = $1 ORDER BY t.created_at DESC LIMIT $2',
    medianMs: 0.9,
    rowsPerCall: 20,
  },
  {
    kind: 'select',
    text: 'SELECT {c}, sum(amount) AS total FROM {t} WHERE created_at BETWEEN $1 AND $2 GROUP BY {c} ORDER BY total DESC',
    medianMs: 180,
    rowsPerCall: 400,
    heavy: true,
  },
  {
    kind: 'select',
    text: 'SELECT DISTINCT ON ({c}) * FROM {t} ORDER BY {c}, updated_at DESC /* report {n} */',
    medianMs: 650,
    rowsPerCall: 5000,
    heavy: true,
  },
  { kind: 'select', text: 'SELECT * FROM {t} WHERE id = ANY($1) /* batch {n} */', medianMs: 0.4, rowsPerCall: 25 },
  { kind: 'insert', text: 'INSERT INTO {t} ({c}, created_at) VALUES ($1, $2) RETURNING id', medianMs: 0.15, rowsPerCall: 1 },
  {
    kind: 'insert',
    text: 'INSERT INTO {t} SELECT * FROM jsonb_populate_recordset(NULL::{t}, $1) /* bulk {n} */',
    medianMs: 12,
    rowsPerCall: 200,
  },
  { kind: 'update', text: 'UPDATE {t} SET {c} = $1, updated_at = now() WHERE id = $2', medianMs: 0.2, rowsPerCall: 1 },
  {
    kind: 'update',
    text: 'UPDATE {t} SET status = $1 WHERE status = $2 AND updated_at < now() - $3::interval',
    medianMs: 35,
    rowsPerCall: 60,
  },
  { kind: 'delete', text: 'DELETE FROM {t} WHERE id = $1', medianMs: 0.12, rowsPerCall: 1 },
  {
    kind: 'delete',
    text: 'DELETE FROM {t} WHERE created_at < now() - $1::interval /* purge {n} */',
    medianMs: 90,
    rowsPerCall: 300,
  },
  { kind: 'utility', text: 'BEGIN', medianMs: 0.005, rowsPerCall: 0 },
  { kind: 'utility', text: 'COMMIT', medianMs: 0.02, rowsPerCall: 0 },
  { kind: 'utility', text: 'ANALYZE {t}', medianMs: 400, rowsPerCall: 0 },
  { kind: 'utility', text: 'SET application_name = $1', medianMs: 0.01, rowsPerCall: 0 },
];

/** A concrete normalised statement text built from a template, distinct per (template, table, column, n). */
export function renderTemplate(template: QueryTemplate, rng: Random, n: number): string {
  return template.text
    .replaceAll('{t}', rng.pick(APP_TABLES))
    .replaceAll('{c}', rng.pick(COLUMNS))
    .replaceAll('{n}', String(n));
}
