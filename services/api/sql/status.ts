import type { Queryable } from './users.ts';

// What /api/v1/status reads from the database: schema version, storage mode, the ingest service's stored
// offsets and how many collectors were heard from recently.

export interface SchemaState {
  applied: number;
  latest: string | null;
  storage_mode: string | null;
}

export async function schemaState(db: Queryable): Promise<SchemaState> {
  const res = await db.query<SchemaState>(
    `SELECT (SELECT count(*) FROM pga_migrations)::int AS applied,
            (SELECT key FROM pga_migrations ORDER BY id DESC LIMIT 1) AS latest,
            (SELECT value FROM pga_meta WHERE key = 'storage_mode') AS storage_mode`,
  );
  return res.rows[0] as SchemaState;
}

export interface StoredOffset {
  consumer_group: string;
  topic: string;
  partition: number;
  next_offset: number;
  updated_at: Date;
}

export async function storedOffsets(db: Queryable): Promise<StoredOffset[]> {
  const res = await db.query<StoredOffset>(
    `SELECT consumer_group, topic, partition, next_offset, updated_at
       FROM ingest_offsets ORDER BY consumer_group, topic, partition`,
  );
  return res.rows.map((r) => ({ ...r, next_offset: Number(r.next_offset) }));
}

export async function collectorsSeen(
  db: Queryable,
  onlineWithinS: number,
): Promise<{ total: number; online: number }> {
  const res = await db.query<{ total: number; online: number }>(
    `SELECT count(*)::int AS total,
            (count(*) FILTER (WHERE last_seen > now() - make_interval(secs => $1)))::int AS online
       FROM collectors`,
    [onlineWithinS],
  );
  return res.rows[0] ?? { total: 0, online: 0 };
}
