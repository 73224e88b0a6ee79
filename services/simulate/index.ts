// pga simulate: realistic batches for a simulated fleet, encoded with the schemas the agent uses.
export type { BatchValue, Envelope, GeneratedBatch } from './batch.ts';
export { Fleet, generateBatches } from './generate.ts';
export {
  GENERATE_DEFAULTS,
  MAX_TOP_STATEMENTS,
  resolveGenerateOptions,
  SIM_FAMILIES,
  streamOfFamily,
  type GenerateOptions,
  type ResolvedGenerateOptions,
  type SimFamily,
} from './options.ts';
export { simulate, type SimulateDeps, type SimulateOptions } from './simulate.ts';
export type { SimulationSummary, StreamCount } from './summary.ts';
export { UsageError } from './usage-error.ts';
export { formatSummary } from './format-summary.ts';
export { runSimulation } from './main.ts';
