// `pga bench`: measurements of this machine's pgAnalytics against its physical limits.
export {
  API_BENCH_DEFAULTS,
  runApiBench,
  type ApiBenchOptions,
  type ApiBenchReport,
  type ApiBenchResult,
} from './api-bench.ts';
export { formatApiReport } from './api-format.ts';
export { formatIngestResult } from './format-result.ts';
export {
  INGEST_BENCH_DEFAULTS,
  runIngestBench,
  type IngestBenchOptions,
  type IngestBenchReport,
  type IngestBenchResult,
} from './ingest-bench.ts';
export {
  AGENT_BENCH_DEFAULTS,
  runAgentBench,
  type AgentBenchOptions,
  type AgentBenchResult,
} from './agent-bench.ts';
