// The local stack (`pga up|down|status`): a single-node KRaft Kafka and the project's own PostgreSQL, both
// started as detached processes with their data under PGA_HOME. Tests and other commands import from here.
export { up, down, upSummary, type UpResult, type DownOptions } from './lifecycle.ts';
export { startKafka, stopKafka, kafkaPid, type StartResult } from './kafka.ts';
export {
  startPostgres,
  stopPostgres,
  postgresPid,
  type PostgresStartResult,
  type StopPostgresOptions,
} from './postgres.ts';
export { ensureTopics, type EnsureTopicsResult } from './topics.ts';
export {
  stackStatus,
  formatStatus,
  type StackStatus,
  type KafkaStatus,
  type PostgresStatus,
} from './status.ts';
export { stackPaths, type StackPaths } from './paths.ts';
export { validateStackConfig } from './validate.ts';
export { createProgressLogger } from './progress-logger.ts';
