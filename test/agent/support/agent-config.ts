import path from 'node:path';
import type { StackConfig } from '../../../services/lib/config/stack.ts';
import { stackPaths } from '../../../services/stack/paths.ts';

// The agent configuration tests use: one instance (the stack's PostgreSQL, one database), every plugin at a
// short interval, logs followed from the stack's PostgreSQL log, Kafka topics under the test's own prefix.

export interface TestAgentConfigInput {
  stack: StackConfig;
  serverId: string;
  dbname: string;
  user: string;
  topicPrefix: string;
  spoolDir: string;
  intervalS?: number;
  brokers?: string[];
}

export const METRIC_PLUGINS = [
  'statements',
  'querytexts',
  'database',
  'tables',
  'indexes',
  'activity',
  'replication',
  'checkpointer',
  'settings',
] as const;

export function testAgentConfig(i: TestAgentConfigInput): Record<string, unknown> {
  const every = i.intervalS ?? 2;
  const plugins: Record<string, unknown> = {};
  for (const p of METRIC_PLUGINS) plugins[p] = { interval_s: every };
  plugins.logs = {
    enabled: true,
    interval_s: 1,
    path: stackPaths(i.stack).pgLog,
    format: 'stderr',
    log_line_prefix: '%m [%p] %q%u@%d ',
    start_at: 'end',
  };
  return {
    log_level: process.env.PGA_TEST_AGENT_LOG_LEVEL ?? 'info',
    instances: [
      {
        name: 'main',
        server_id: i.serverId,
        connection: { host: '127.0.0.1', port: i.stack.pgPort, dbname: i.dbname, user: i.user },
        include_databases: [i.dbname],
        plugins,
      },
    ],
    system: { interval_s: every },
    kafka: { brokers: i.brokers ?? i.stack.kafkaBrokers, topic_prefix: i.topicPrefix, linger_ms: 20 },
    spool: { path: path.resolve(i.spoolDir) },
  };
}
