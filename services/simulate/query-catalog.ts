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
  /** How many of a server's statements come from this template, relative to the others. */
  prevalence: number;
  /** How often one such statement runs relative to an OLTP statement of the same popularity rank. */
  frequency: number;
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

// prevalence: share of a server's statements drawn from the template; frequency: calls relative to an OLTP
// statement of the same popularity rank (reports and maintenance are rare, BEGIN/COMMIT frequent).
const t = (
  kind: StatementKind,
  text: string,
  medianMs: number,
  rowsPerCall: number,
  prevalence: number,
  frequency: number,
  heavy = false,
): QueryTemplate => ({ kind, text, medianMs, rowsPerCall, prevalence, frequency, heavy });

export const QUERY_TEMPLATES: readonly QueryTemplate[] = [
  t('select', 'SELECT * FROM {t} WHERE id = $1', 0.05, 1, 5, 1),
  t('select', 'SELECT id, {c} FROM {t} WHERE {c} = $1 LIMIT $2', 0.12, 8, 4, 1),
  t(
    'select',
    'SELECT count(*) FROM {t} WHERE {c} = $1 AND created_at > now() - $2::interval',
    2.5,
    1,
    1,
    0.2,
  ),
  t(
    'select',
    'SELECT t.* FROM {t} t JOIN customers c ON c.id = t.customer_id WHERE c.email = $1 ORDER BY t.created_at DESC LIMIT $2',
    0.9,
    20,
    2,
    0.5,
  ),
  t('select', 'SELECT * FROM {t} WHERE id = ANY($1) /* batch {n} */', 0.4, 25, 2, 0.5),
  t(
    'select',
    'SELECT {c}, sum(amount) AS total FROM {t} WHERE created_at BETWEEN $1 AND $2 GROUP BY {c} ORDER BY total DESC',
    180,
    400,
    0.6,
    0.005,
    true,
  ),
  t(
    'select',
    'SELECT DISTINCT ON ({c}) * FROM {t} ORDER BY {c}, updated_at DESC /* report {n} */',
    650,
    5000,
    0.3,
    0.002,
    true,
  ),
  t('insert', 'INSERT INTO {t} ({c}, created_at) VALUES ($1, $2) RETURNING id', 0.15, 1, 3, 0.6),
  t(
    'insert',
    'INSERT INTO {t} SELECT * FROM jsonb_populate_recordset(NULL::{t}, $1) /* bulk {n} */',
    12,
    200,
    0.5,
    0.02,
  ),
  t('update', 'UPDATE {t} SET {c} = $1, updated_at = now() WHERE id = $2', 0.2, 1, 3, 0.6),
  t(
    'update',
    'UPDATE {t} SET status = $1 WHERE status = $2 AND updated_at < now() - $3::interval',
    35,
    60,
    0.5,
    0.01,
  ),
  t('delete', 'DELETE FROM {t} WHERE id = $1', 0.12, 1, 1, 0.3),
  t('delete', 'DELETE FROM {t} WHERE created_at < now() - $1::interval /* purge {n} */', 90, 300, 0.3, 0.002),
  t('utility', 'BEGIN', 0.005, 0, 0.3, 3),
  t('utility', 'COMMIT', 0.02, 0, 0.3, 3),
  t('utility', 'ANALYZE {t}', 400, 0, 0.2, 0.0005),
  t('utility', 'SET application_name = $1', 0.01, 0, 0.1, 0.5),
];

/** True when the template renders the same text whatever is drawn (BEGIN, COMMIT, …). */
export function isFixedText(template: QueryTemplate): boolean {
  return !template.text.includes('{');
}

/** A concrete normalised statement text built from a template, distinct per (template, table, column, n). */
export function renderTemplate(template: QueryTemplate, rng: Random, n: number): string {
  return template.text
    .replaceAll('{t}', rng.pick(APP_TABLES))
    .replaceAll('{c}', rng.pick(COLUMNS))
    .replaceAll('{n}', String(n));
}
