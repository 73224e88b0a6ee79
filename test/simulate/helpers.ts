import { generateBatches, type GeneratedBatch, type GenerateOptions } from '../../services/simulate/index.ts';

// Shared by the simulator tests: a fixed start time, so runs are reproducible, and small fleets.

export const START_MS = Date.UTC(2025, 10, 27, 8, 0, 0);

export function smallFleet(overrides: Partial<GenerateOptions> = {}): GenerateOptions {
  return {
    servers: 4,
    statements: 60,
    intervalSeconds: 60,
    intervals: 6,
    seed: 11,
    startTimeMs: START_MS,
    ...overrides,
  };
}

export function collect(opts: GenerateOptions): GeneratedBatch[] {
  return [...generateBatches(opts)];
}

export function rowsOf<T = Record<string, unknown>>(batch: GeneratedBatch, field: string): T[] {
  return batch.value[field] as T[];
}

/** Decoded Avro longs are numbers when they fit 2^53: normalise both sides the same way. */
export function normalise(value: unknown): unknown {
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value ? Number(value) : value;
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}
