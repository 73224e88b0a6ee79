import { z } from 'zod';
import { KIB, MIB, absolutePath, boundedInt, intervalS } from './fields.ts';

// The input plugins the agent runs against each PostgreSQL instance (collector-native, one folder per
// plugin), with their interval and their own options. The host plugin `system` is not per instance and
// lives at the top of the configuration. Every object is strict: an unknown key is a mistake, refused.

const enabled = (def = true) => z.boolean().default(def);

/** A plugin that has no options besides whether and how often it runs. */
const simplePlugin = (interval: number) =>
  z.strictObject({ enabled: enabled(), interval_s: intervalS(interval) }).prefault({});

export const StatementsPlugin = z
  .strictObject({
    enabled: enabled(),
    interval_s: intervalS(60),
    /** Row cap: when pg_stat_statements holds more changed entries, the top N by execution time are sent. */
    top_n: boundedInt(100, 100_000, 5000),
  })
  .prefault({});

export const QueryTextsPlugin = z
  .strictObject({
    enabled: enabled(),
    /** How often texts of newly seen queryids are fetched (pg_stat_statements with showtext). */
    interval_s: intervalS(300),
    /** How often every known text is sent again, so late subscribers learn it. */
    refresh_s: boundedInt(3600, 7 * 86_400, 86_400),
    /** Texts longer than this are truncated (and marked so). */
    max_bytes: boundedInt(256, MIB, 16 * KIB),
  })
  .prefault({});

export const TablesPlugin = z
  .strictObject({
    enabled: enabled(),
    interval_s: intervalS(300),
    /** Row cap per database; the largest tables are kept. */
    max_tables: boundedInt(10, 100_000, 2000),
  })
  .prefault({});

export const IndexesPlugin = z
  .strictObject({
    enabled: enabled(),
    interval_s: intervalS(300),
    /** Row cap per database; the indexes of the largest tables are kept. */
    max_indexes: boundedInt(10, 200_000, 5000),
  })
  .prefault({});

export const ActivityPlugin = z
  .strictObject({
    enabled: enabled(),
    interval_s: intervalS(15),
    /** Row cap on sessions reported one by one (the summary always counts them all). */
    max_sessions: boundedInt(10, 100_000, 1000),
  })
  .prefault({});

export const LOG_FORMATS = ['auto', 'stderr', 'csvlog', 'jsonlog'] as const;

export const LogsPlugin = z
  .strictObject({
    /** Off by default: the agent needs read access to the server's log files. */
    enabled: enabled(false),
    /** How often the events read since the last batch are published. */
    interval_s: intervalS(10),
    /** Log directory or file glob; default: the server's log_directory (under data_directory). */
    path: absolutePath.optional(),
    /** auto: from the server's log_destination (jsonlog, then csvlog, then stderr). */
    format: z.enum(LOG_FORMATS).default('auto'),
    /** stderr only; default: the server's log_line_prefix. */
    log_line_prefix: z.string().max(256).optional(),
    /** Cap on one event (a multi-line statement or plan is cut there, and marked). */
    max_event_bytes: boundedInt(KIB, MIB, 64 * KIB),
    /** Statement parameters and literals are replaced by placeholders unless this is false. */
    redact_parameters: z.boolean().default(true),
    /** Where to start in a file seen for the first time. */
    start_at: z.enum(['end', 'beginning']).default('end'),
  })
  .prefault({});

export const InstancePlugins = z
  .strictObject({
    statements: StatementsPlugin,
    querytexts: QueryTextsPlugin,
    database: simplePlugin(60),
    tables: TablesPlugin,
    indexes: IndexesPlugin,
    activity: ActivityPlugin,
    replication: simplePlugin(30),
    checkpointer: simplePlugin(60),
    /** Sampled at this interval, published only when a setting changed. */
    settings: simplePlugin(300),
    logs: LogsPlugin,
  })
  .prefault({});

export type InstancePluginsConfig = z.output<typeof InstancePlugins>;
export const INSTANCE_PLUGIN_NAMES = Object.keys(InstancePlugins.unwrap().shape) as Array<
  keyof InstancePluginsConfig
>;
