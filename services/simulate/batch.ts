import type { SimFamily } from './options.ts';
import type { ServerProfile } from './server-profile.ts';

// The value every stream carries: one envelope (who sampled, when, which batch) and the family's row arrays.

export interface Envelope {
  server_id: string;
  collector_id: string;
  /** Microseconds since the epoch. */
  collected_at: number;
  interval_ms: number;
  /** Per (server, family), increasing by 1 from 1. */
  sequence: number;
  agent_version: string;
  host: string;
  /** Null for host-only families (system). */
  pg_version_num: number | null;
  in_recovery: boolean | null;
}

export interface BatchValue {
  envelope: Envelope;
  [field: string]: unknown;
}

export interface GeneratedBatch {
  /** Topic without its prefix, and the schema name (e.g. metrics.statements.v1). */
  stream: string;
  family: SimFamily;
  /** Kafka key: the server id, so one server's batches stay ordered in one partition. */
  key: string;
  value: BatchValue;
  collectedAtMs: number;
  /** Rows per array field of `value`. */
  rowCounts: Record<string, number>;
}

export function envelope(
  server: ServerProfile,
  collectedAtMs: number,
  intervalMs: number,
  sequence: number,
  hostOnly = false,
): Envelope {
  return {
    server_id: server.serverId,
    collector_id: server.collectorId,
    collected_at: collectedAtMs * 1000,
    interval_ms: intervalMs,
    sequence,
    agent_version: server.agentVersion,
    host: server.host,
    pg_version_num: hostOnly ? null : server.pgVersionNum,
    in_recovery: hostOnly ? null : server.standby,
  };
}
