import type { Queryable } from './users.ts';

// The collectors table (0002, 0007) and the collector tokens of 0006. Every statement is parameterised.
// A collector row comes with its latest configuration version and etag, so that lists and heartbeats say
// whether an agent is behind.

export type CollectorStatus = 'active' | 'deregistered';

export interface CollectorRow {
  collector_id: string;
  name: string;
  hostname: string | null;
  agent_version: string | null;
  status: CollectorStatus;
  labels: Record<string, string>;
  registered_at: Date;
  updated_at: Date;
  last_seen: Date | null;
  deregistered_at: Date | null;
  applied_config_version: number | null;
  config_version: number | null;
  config_etag: string | null;
}

const SELECT_COLLECTOR = `
SELECT c.collector_id, c.name, c.hostname, c.agent_version, c.status, c.labels,
       c.created_at AS registered_at, c.updated_at, c.last_seen, c.deregistered_at,
       c.applied_config_version, v.version AS config_version, v.etag AS config_etag
  FROM collectors c
  LEFT JOIN LATERAL (
    SELECT version, etag FROM collector_configs cc
     WHERE cc.collector_id = c.collector_id ORDER BY version DESC LIMIT 1
  ) v ON true`;

export async function insertCollector(
  db: Queryable,
  c: {
    collectorId: string;
    name: string;
    hostname: string;
    agentVersion: string;
    labels: Record<string, string>;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO collectors (collector_id, name, hostname, agent_version, labels, last_seen)
     VALUES ($1, $2, $3, $4, $5, now())`,
    [c.collectorId, c.name, c.hostname, c.agentVersion, JSON.stringify(c.labels)],
  );
}

export async function getCollector(db: Queryable, collectorId: string): Promise<CollectorRow | undefined> {
  const res = await db.query<CollectorRow>(`${SELECT_COLLECTOR} WHERE c.collector_id = $1`, [collectorId]);
  return res.rows[0];
}

/** Takes the row lock that serialises writes to one collector (status, tokens, configuration versions). */
export async function lockCollector(
  db: Queryable,
  collectorId: string,
): Promise<{ status: CollectorStatus } | undefined> {
  const res = await db.query<{ status: CollectorStatus }>(
    'SELECT status FROM collectors WHERE collector_id = $1 FOR UPDATE',
    [collectorId],
  );
  return res.rows[0];
}

export interface CollectorFilter {
  status?: CollectorStatus | undefined;
  /** Case-insensitive substring of the name. */
  nameContains?: string | undefined;
  hostname?: string | undefined;
  /** Every label given must be present with that value. */
  labels?: Record<string, string> | undefined;
  seenWithinS?: number | undefined;
  /** Keyset cursor: rows after (name, collector_id). */
  after?: { name: string; id: string } | undefined;
  limit: number;
}

/** Ordered by name, then id. */
export async function listCollectors(db: Queryable, f: CollectorFilter): Promise<CollectorRow[]> {
  const res = await db.query<CollectorRow>(
    `${SELECT_COLLECTOR}
      WHERE ($1::text IS NULL OR c.status = $1)
        AND ($2::text IS NULL OR c.name ILIKE '%' || $2 || '%')
        AND ($3::text IS NULL OR c.hostname = $3)
        AND ($4::jsonb IS NULL OR c.labels @> $4::jsonb)
        AND ($5::integer IS NULL OR c.last_seen >= now() - make_interval(secs => $5))
        AND ($6::text IS NULL OR (c.name, c.collector_id) > ($6, $7::text))
      ORDER BY c.name, c.collector_id
      LIMIT $8`,
    [
      f.status ?? null,
      f.nameContains === undefined ? null : escapeLike(f.nameContains),
      f.hostname ?? null,
      f.labels === undefined ? null : JSON.stringify(f.labels),
      f.seenWithinS ?? null,
      f.after?.name ?? null,
      f.after?.id ?? null,
      f.limit,
    ],
  );
  return res.rows;
}

/** LIKE wildcards in user input match themselves (the default escape character is the backslash). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}

export async function updateCollector(
  db: Queryable,
  collectorId: string,
  patch: { name?: string | undefined; labels?: Record<string, string> | undefined },
): Promise<boolean> {
  const res = await db.query(
    `UPDATE collectors SET name = coalesce($2, name), labels = coalesce($3::jsonb, labels), updated_at = now()
      WHERE collector_id = $1`,
    [collectorId, patch.name ?? null, patch.labels === undefined ? null : JSON.stringify(patch.labels)],
  );
  return (res.rowCount ?? 0) > 0;
}

/** active → deregistered, revoking every token of the collector; returns how many tokens were revoked. */
export async function deregisterCollector(db: Queryable, collectorId: string): Promise<number> {
  await db.query(
    `UPDATE collectors SET status = 'deregistered', deregistered_at = now(), updated_at = now()
      WHERE collector_id = $1 AND status = 'active'`,
    [collectorId],
  );
  return revokeCollectorTokens(db, collectorId);
}

/** deregistered → active. The collector has no token until an admin issues one. */
export async function reactivateCollector(db: Queryable, collectorId: string): Promise<void> {
  await db.query(
    `UPDATE collectors SET status = 'active', deregistered_at = NULL, updated_at = now()
      WHERE collector_id = $1 AND status = 'deregistered'`,
    [collectorId],
  );
}

export async function insertCollectorToken(
  db: Queryable,
  collectorId: string,
  hash: Buffer,
): Promise<string> {
  const res = await db.query<{ token_id: string }>(
    'INSERT INTO collector_tokens (collector_id, token_hash) VALUES ($1, $2) RETURNING token_id::text',
    [collectorId, hash],
  );
  return (res.rows[0] as { token_id: string }).token_id;
}

export async function revokeCollectorTokens(db: Queryable, collectorId: string): Promise<number> {
  const res = await db.query(
    'UPDATE collector_tokens SET revoked_at = now() WHERE collector_id = $1 AND revoked_at IS NULL',
    [collectorId],
  );
  return res.rowCount ?? 0;
}

export interface Heartbeat {
  agentVersion?: string | undefined;
  hostname?: string | undefined;
  appliedConfigVersion?: number | undefined;
}

/**
 * Records that an active collector is alive (and what it runs). Returns the values before the update, to
 * tell a change worth auditing (an upgrade, a move) from a routine beat; undefined when not active.
 */
export async function recordHeartbeat(
  db: Queryable,
  collectorId: string,
  hb: Heartbeat,
): Promise<{ agent_version: string | null; hostname: string | null } | undefined> {
  const res = await db.query<{ agent_version: string | null; hostname: string | null }>(
    `UPDATE collectors c
        SET last_seen = now(),
            agent_version = coalesce($2, c.agent_version),
            hostname = coalesce($3, c.hostname),
            applied_config_version = coalesce($4, c.applied_config_version)
       FROM (SELECT agent_version, hostname FROM collectors WHERE collector_id = $1) old
      WHERE c.collector_id = $1 AND c.status = 'active'
      RETURNING old.agent_version, old.hostname`,
    [collectorId, hb.agentVersion ?? null, hb.hostname ?? null, hb.appliedConfigVersion ?? null],
  );
  return res.rows[0];
}
