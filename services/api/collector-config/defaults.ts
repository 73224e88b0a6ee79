import { CollectorConfigSchema, type CollectorConfig } from './schema.ts';

// What a newly registered collector gets as version 1: one local instance reached over TCP as the
// pg_monitor role `pga_monitor` (password from libpq's usual sources: PGPASSWORD, ~/.pgpass), every plugin
// but logs on at its default interval, the host plugin on, and the API's own Kafka settings.

export interface DefaultConfigOptions {
  kafkaBrokers?: string[];
  topicPrefix?: string;
}

export function defaultCollectorConfig(opts: DefaultConfigOptions = {}): CollectorConfig {
  return CollectorConfigSchema.parse({
    instances: [
      {
        name: 'local',
        connection: { host: 'localhost', port: 5432, dbname: 'postgres', user: 'pga_monitor' },
      },
    ],
    kafka: {
      ...(opts.kafkaBrokers && opts.kafkaBrokers.length > 0 ? { brokers: opts.kafkaBrokers } : {}),
      ...(opts.topicPrefix ? { topic_prefix: opts.topicPrefix } : {}),
    },
  });
}
