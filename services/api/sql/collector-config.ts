import type { Queryable } from './users.ts';

// The versions of each collector's configuration (collector_configs, 0007). Versions are only ever added;
// the caller allocates the next one while holding the collector's row lock (lockCollector), so two writers
// cannot both take version N+1 and neither loses its write.

export interface ConfigVersionMeta {
  version: number;
  etag: string;
  created_at: Date;
  created_by: string;
  comment: string | null;
  rollback_of: number | null;
}

export interface ConfigVersionRow extends ConfigVersionMeta {
  config: Record<string, unknown>;
}

const META = 'version, etag, created_at, created_by, comment, rollback_of';

export async function latestConfig(
  db: Queryable,
  collectorId: string,
): Promise<ConfigVersionRow | undefined> {
  const res = await db.query<ConfigVersionRow>(
    `SELECT ${META}, config FROM collector_configs WHERE collector_id = $1 ORDER BY version DESC LIMIT 1`,
    [collectorId],
  );
  return res.rows[0];
}

/** The latest version's number and etag, without the content. */
export async function latestConfigMeta(
  db: Queryable,
  collectorId: string,
): Promise<ConfigVersionMeta | undefined> {
  const res = await db.query<ConfigVersionMeta>(
    `SELECT ${META} FROM collector_configs WHERE collector_id = $1 ORDER BY version DESC LIMIT 1`,
    [collectorId],
  );
  return res.rows[0];
}

export async function configVersion(
  db: Queryable,
  collectorId: string,
  version: number,
): Promise<ConfigVersionRow | undefined> {
  const res = await db.query<ConfigVersionRow>(
    `SELECT ${META}, config FROM collector_configs WHERE collector_id = $1 AND version = $2`,
    [collectorId, version],
  );
  return res.rows[0];
}

/** Newest first, versions below `beforeVersion` when given. */
export async function listConfigVersions(
  db: Queryable,
  collectorId: string,
  opts: { limit: number; beforeVersion?: number | undefined },
): Promise<ConfigVersionMeta[]> {
  const res = await db.query<ConfigVersionMeta>(
    `SELECT ${META} FROM collector_configs
      WHERE collector_id = $1 AND ($2::integer IS NULL OR version < $2)
      ORDER BY version DESC
      LIMIT $3`,
    [collectorId, opts.beforeVersion ?? null, opts.limit],
  );
  return res.rows;
}

export interface NewConfigVersion {
  collectorId: string;
  version: number;
  config: unknown;
  etag: string;
  createdBy: string;
  comment?: string | undefined;
  rollbackOf?: number | undefined;
}

export async function insertConfigVersion(db: Queryable, v: NewConfigVersion): Promise<ConfigVersionMeta> {
  const res = await db.query<ConfigVersionMeta>(
    `INSERT INTO collector_configs (collector_id, version, config, etag, created_by, comment, rollback_of)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
     RETURNING ${META}`,
    [
      v.collectorId,
      v.version,
      JSON.stringify(v.config),
      v.etag,
      v.createdBy,
      v.comment ?? null,
      v.rollbackOf ?? null,
    ],
  );
  return res.rows[0] as ConfigVersionMeta;
}
