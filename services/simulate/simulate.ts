import { setTimeout as sleep } from 'node:timers/promises';
import { encodeSingleObject, type SchemaEntry, type SchemaRegistry } from '../lib/avro/index.ts';
import type { Logger } from '../lib/log/logger.ts';
import { topicName } from '../lib/kafka/topics.ts';
import type { GeneratedBatch } from './batch.ts';
import { Fleet } from './generate.ts';
import { openKafkaOutput, type Kafka, type KafkaOutput } from './kafka-output.ts';
import { streamOfFamily, type GenerateOptions } from './options.ts';
import type { SendBufferLimits } from './send-buffer.ts';
import { SummaryCounter, type SimulationSummary } from './summary.ts';
import { UsageError } from './usage-error.ts';

// Runs a simulation against Kafka. Backfill (the default) produces `intervals` intervals as fast as
// possible, collected_at spaced one interval apart and ending now: what tests and the ingest benchmark use.
// Live emits one interval per interval of wall-clock time, like a fleet of agents would.

export interface SimulateOptions extends GenerateOptions {
  topicPrefix: string;
  /** Emit on a real timer instead of as fast as possible. */
  live?: boolean;
  /** Live: stop after this many seconds (otherwise after `intervals`, or when the signal aborts). */
  durationSeconds?: number;
  /** Generate and encode, but produce nothing (measures the generator; needs no Kafka). */
  dryRun?: boolean;
  /** Backfill: how often onProgress is called, in ms (default 2000); live runs call it after each interval. */
  progressIntervalMs?: number;
  sendLimits?: SendBufferLimits;
}

export interface SimulateDeps {
  /** Required unless dryRun. */
  kafka?: Kafka;
  registry: SchemaRegistry;
  logger: Logger;
  /** Stops the simulation after the interval in progress; what was produced is flushed. */
  signal?: AbortSignal;
  onProgress?: (summary: SimulationSummary) => void;
}

function intervalsToRun(opts: SimulateOptions): number | undefined {
  if (opts.durationSeconds !== undefined) {
    if (!Number.isFinite(opts.durationSeconds) || opts.durationSeconds <= 0) {
      throw new UsageError(
        'duration',
        `expected a positive number of seconds, got ${String(opts.durationSeconds)}`,
      );
    }
    if (opts.intervals !== undefined)
      throw new UsageError('duration', 'give either --duration or --intervals, not both');
    return Math.max(1, Math.ceil(opts.durationSeconds / opts.intervalSeconds));
  }
  if (opts.intervals === undefined && !opts.live) {
    throw new UsageError(
      'intervals',
      'a backfill needs a number of intervals (--backfill K, --intervals K or --duration D)',
    );
  }
  return opts.intervals;
}

export async function simulate(opts: SimulateOptions, deps: SimulateDeps): Promise<SimulationSummary> {
  const intervals = intervalsToRun(opts);
  const fleet = new Fleet({ ...opts, intervals, startTimeMs: opts.live ? Date.now() : opts.startTimeMs });
  const { registry, logger, signal } = deps;
  const streams = fleet.options.families.map(streamOfFamily);
  const entries = new Map<string, SchemaEntry>(streams.map((s) => [s, registry.byName(s)]));
  const tableOf = new Map<string, string>();
  for (const e of entries.values())
    for (const t of e.tables) tableOf.set(`${e.name}\u0000${t.field}`, t.table);
  const topicOf = (stream: string) => topicName(opts.topicPrefix, stream);
  const counter = new SummaryCounter(topicOf, (stream, field) => tableOf.get(`${stream}\u0000${field}`));

  let output: KafkaOutput | undefined;
  if (!opts.dryRun) {
    if (!deps.kafka) throw new UsageError('dry-run', 'producing needs a Kafka client (or use a dry run)');
    output = await openKafkaOutput(deps.kafka, streams.map(topicOf), logger, opts.sendLimits);
  }
  const progressEvery = opts.progressIntervalMs ?? 2000;
  let lastProgress = performance.now();
  const emit = async (batch: GeneratedBatch) => {
    const value = encodeSingleObject(entries.get(batch.stream)!, batch.value);
    if (output) await output.push(topicOf(batch.stream), batch.key, value);
    counter.add(batch, value.length);
    // Live runs report after each interval instead.
    if (deps.onProgress && !opts.live && performance.now() - lastProgress >= progressEvery) {
      lastProgress = performance.now();
      deps.onProgress(counter.snapshot());
    }
  };

  let ok = false;
  try {
    const started = Date.now();
    for (let i = 0; intervals === undefined || i < intervals; i++) {
      if (signal?.aborted) break;
      let atMs = fleet.timeOf(i);
      if (opts.live) {
        atMs = started + i * fleet.intervalMs;
        const wait = atMs - Date.now();
        if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
        if (signal?.aborted) break;
      }
      for (const batch of fleet.step(atMs)) await emit(batch);
      // Live batches are delivered at once; a backfill keeps filling calls across intervals.
      if (opts.live && output) await output.flush();
      if (opts.live) deps.onProgress?.(counter.snapshot());
    }
    if (output) await output.flush();
    ok = true;
  } finally {
    await output?.close(ok);
  }
  if (signal?.aborted && (intervals === undefined || fleet.intervalsDone < intervals)) counter.markAborted();
  const summary = counter.snapshot();
  logger.info(
    {
      messages: summary.messages,
      rows: summary.rows,
      rowsPerSecond: summary.rowsPerSecond,
      aborted: summary.aborted,
    },
    'simulation finished',
  );
  return summary;
}
