// Topic names of DESIGN.md: <prefix>.metrics.<family>.v<major>, <prefix>.logs.v1, <prefix>.anomalies.v1,
// <prefix>.recommendations.v1, <prefix>.deadletter.v1. One schema file per topic: schemas/<name>.avsc where
// <name> is the topic without its prefix (e.g. schemas/metrics.statements.v1.avsc).

export const METRIC_FAMILIES = [
  'statements',
  'querytexts',
  'database',
  'tables',
  'indexes',
  'activity',
  'replication',
  'checkpointer',
  'settings',
  'system',
] as const;
export type MetricFamily = (typeof METRIC_FAMILIES)[number];

/** Topic names without the prefix, each matching schemas/<name>.avsc. */
export const METRIC_STREAMS = METRIC_FAMILIES.map((f) => `metrics.${f}.v1`);
export const LOG_STREAM = 'logs.v1';
export const EVENT_STREAMS = ['anomalies.v1', 'recommendations.v1'] as const;
export const DEADLETTER_STREAM = 'deadletter.v1';
/** Streams the ingest service consumes: every metric family and the logs. */
export const INGEST_STREAMS = [...METRIC_STREAMS, LOG_STREAM];

export function topicName(prefix: string, stream: string): string {
  return `${prefix}.${stream}`;
}

/** The stream (schema name) of a topic, or undefined when the topic does not carry this prefix. */
export function streamOf(prefix: string, topic: string): string | undefined {
  return topic.startsWith(`${prefix}.`) ? topic.slice(prefix.length + 1) : undefined;
}

export interface TopicSpec {
  stream: string;
  partitions: number;
  config: Record<string, string>;
}

const DAY_MS = 24 * 3600 * 1000;

// Partition counts: metrics are keyed by server id, so partitions bound consumer parallelism; 6 lets a
// small fleet spread over several consumers. Retention covers a long outage of the database side.
// Brokers store what producers compress (zstd from the agent): compression.type=producer.
export function topicSpecs(): TopicSpec[] {
  const metric = (stream: string, partitions = 6): TopicSpec => ({
    stream,
    partitions,
    config: {
      'retention.ms': String(3 * DAY_MS),
      'compression.type': 'producer',
      'cleanup.policy': 'delete',
    },
  });
  return [
    ...METRIC_STREAMS.map((s) => metric(s)),
    metric(LOG_STREAM),
    {
      stream: 'anomalies.v1',
      partitions: 3,
      config: { 'retention.ms': String(14 * DAY_MS), 'compression.type': 'producer' },
    },
    {
      stream: 'recommendations.v1',
      partitions: 3,
      // Keyed by recommendation id: compaction keeps the latest lifecycle state of each finding.
      config: {
        'cleanup.policy': 'compact,delete',
        'retention.ms': String(30 * DAY_MS),
        'compression.type': 'producer',
      },
    },
    {
      stream: DEADLETTER_STREAM,
      partitions: 1,
      config: { 'retention.ms': String(14 * DAY_MS), 'compression.type': 'producer' },
    },
  ];
}
