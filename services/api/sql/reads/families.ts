import type { SqlExecutor } from '../../../lib/db/executor.ts';
import type { KeyKind } from '../../http/pagination.ts';
import type { Resolution } from './resolution.ts';

// The metric families the API reads, by table name: the only identifiers a metrics read puts in its SQL.
// Each has the columns that, with `time`, order its rows uniquely within one server (one sample holds one
// row per table, per setting, per device…), and the rollups it has. Nullable key columns are compared
// through COALESCE so that keyset pagination never meets a NULL.

export interface KeyColumn {
  expr: string;
  kind: KeyKind;
}

export interface FamilySpec {
  /** The table (raw samples) and, where they exist, the rollups, by resolution. */
  tables: Partial<Record<Resolution, string>> & { raw: string };
  /** Row key within one sample of one server, per resolution (rollups group some columns away). */
  key: readonly KeyColumn[];
  rollupKey?: readonly KeyColumn[];
}

// Expressions over the table aliased `m` (a bare name in ORDER BY would pick the output column instead).
const text = (column: string): KeyColumn => ({ expr: `COALESCE(m.${column}, '')`, kind: 'text' });
const int = (column: string): KeyColumn => ({ expr: `m.${column}`, kind: 'int' });

export const FAMILIES = {
  statements: {
    tables: { raw: 'statements', '1h': 'statements_1h', '1d': 'statements_1d' },
    key: [int('dbid'), int('userid'), int('queryid'), { expr: 'COALESCE(m.toplevel::int, -1)', kind: 'int' }],
    rollupKey: [int('dbid'), int('userid'), int('queryid')],
  },
  statements_info: { tables: { raw: 'statements_info' }, key: [] },
  database_stats: { tables: { raw: 'database_stats' }, key: [int('datid')] },
  table_stats: { tables: { raw: 'table_stats' }, key: [text('datname'), int('relid')] },
  index_stats: { tables: { raw: 'index_stats' }, key: [text('datname'), int('indexrelid')] },
  activity_sessions: {
    tables: { raw: 'activity_sessions' },
    key: [
      text('datname'),
      text('usename'),
      text('application_name'),
      text('backend_type'),
      text('state'),
      text('wait_event_type'),
      text('wait_event'),
    ],
  },
  activity_blocking: { tables: { raw: 'activity_blocking' }, key: [int('blocked_pid'), int('blocking_pid')] },
  activity_summary: { tables: { raw: 'activity_summary' }, key: [] },
  replication_stats: { tables: { raw: 'replication_stats' }, key: [int('pid'), text('application_name')] },
  replication_slots: { tables: { raw: 'replication_slots' }, key: [text('slot_name')] },
  replication_receiver: { tables: { raw: 'replication_receiver' }, key: [] },
  checkpointer_stats: { tables: { raw: 'checkpointer_stats' }, key: [] },
  io_stats: { tables: { raw: 'io_stats' }, key: [text('backend_type'), text('object'), text('context')] },
  settings: { tables: { raw: 'settings' }, key: [text('name')] },
  system_cpu: { tables: { raw: 'system_cpu', '1h': 'system_cpu_1h', '1d': 'system_cpu_1d' }, key: [] },
  system_memory: {
    tables: { raw: 'system_memory', '1h': 'system_memory_1h', '1d': 'system_memory_1d' },
    key: [],
  },
  system_disks: {
    tables: { raw: 'system_disks', '1h': 'system_disks_1h', '1d': 'system_disks_1d' },
    key: [text('device')],
  },
  system_filesystems: { tables: { raw: 'system_filesystems' }, key: [text('mountpoint')] },
  system_network: { tables: { raw: 'system_network' }, key: [text('interface')] },
} as const satisfies Record<string, FamilySpec>;

export type Family = keyof typeof FAMILIES;
export const FAMILY_NAMES = Object.keys(FAMILIES) as [Family, ...Family[]];

export function familySpec(family: Family): FamilySpec {
  return FAMILIES[family];
}

export function resolutionsOf(family: Family): Resolution[] {
  return Object.keys(FAMILIES[family].tables) as Resolution[];
}

/** The table or rollup of `family` at `resolution` (undefined when that rollup does not exist). */
export function tableOf(family: Family, resolution: Resolution): string | undefined {
  const spec: FamilySpec = FAMILIES[family];
  return spec.tables[resolution];
}

export function keyOf(family: Family, resolution: Resolution): readonly KeyColumn[] {
  const spec: FamilySpec = FAMILIES[family];
  return resolution === 'raw' ? spec.key : (spec.rollupKey ?? spec.key);
}

export interface ColumnInfo {
  name: string;
  /** format_type() of the column, e.g. `bigint`, `timestamp with time zone`. */
  type: string;
}

/**
 * The columns of the tables above, read once from the catalog (tables in plain mode, continuous aggregates
 * in TimescaleDB mode: the same names either way) and kept for the life of the process.
 */
export function columnCatalog(db: SqlExecutor): (relation: string) => Promise<ColumnInfo[]> {
  const known = new Map<string, Promise<ColumnInfo[]>>();
  return (relation) => {
    let cols = known.get(relation);
    if (!cols) {
      cols = db
        .query<{ name: string; type: string }>(
          `SELECT attname AS name, format_type(atttypid, atttypmod) AS type
             FROM pg_attribute
            WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped
            ORDER BY attnum`,
          [relation],
        )
        .then((r) => r.rows);
      cols.catch(() => known.delete(relation));
      known.set(relation, cols);
    }
    return cols;
  };
}
