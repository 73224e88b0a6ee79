import type { z } from '../openapi.ts';
import type { CollectorRow } from '../sql/collectors.ts';
import type { Collector } from './fields.ts';
import { iso } from './fields.ts';

// A collector row as the API shows it.
export function presentCollector(c: CollectorRow): z.infer<typeof Collector> {
  return {
    collector_id: c.collector_id,
    name: c.name,
    hostname: c.hostname,
    agent_version: c.agent_version,
    status: c.status,
    labels: c.labels,
    registered_at: c.registered_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
    last_seen: iso(c.last_seen),
    deregistered_at: iso(c.deregistered_at),
    config_version: c.config_version,
    config_etag: c.config_etag,
    applied_config_version: c.applied_config_version,
  };
}
