import { loadIngestConfig } from '../ingest/config.ts';
import { loadStackConfig } from '../lib/config/stack.ts';
import { errorMessage } from '../lib/errors.ts';
import type { Logger } from '../lib/log/logger.ts';
import { loadMigrateConfig } from '../migrate/config.ts';
import { SIM_FAMILIES } from '../simulate/index.ts';
import { createProgressLogger, up } from '../stack/index.ts';
import { createDemoLogger } from './demo-logger.ts';
import type { DemoOptions } from './options.ts';
import { runPipeline, type Running } from './pipeline.ts';
import { newlyRunning, runningParts, startedBy, stopStarted, type StartedParts } from './stack-parts.ts';

// `pga demo`: the whole pipeline on one machine —
//   up → migrate → ingest (in-process) → maintenance loop → the native agent on the stack's PostgreSQL under
//   pgbench → live simulation → a progress block every few s
// and on Ctrl-C, SIGTERM or --duration, the reverse: simulation (what it produced is flushed), a short wait
// for ingest to store it, ingest (drained), maintenance, and the stack parts this run started. A second
// Ctrl-C quits at once.

export async function runDemo(
  opts: DemoOptions,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  // Every PGA_* value is checked before anything starts.
  const stack = loadStackConfig();
  const migrateCfg = loadMigrateConfig();
  const ingestCfg = loadIngestConfig();
  const stackLog = createProgressLogger();
  const log = createDemoLogger();
  const stop = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      write(`${signal} again: quitting at once (pga status shows what still runs, pga down stops it)`);
      process.exit(130);
    }
    write(`${signal}: stopping after the current step (press Ctrl-C again to quit at once)`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    write(
      `pga demo: ${opts.servers} simulated PostgreSQL servers (${opts.statements} statements each, a sample ` +
        `every ${opts.intervalSeconds} s, all ${SIM_FAMILIES.length} families) → Kafka → ingest → PostgreSQL`,
    );
    const before = runningParts(stack);
    let started: StartedParts;
    try {
      started = startedBy(await up(stack, stackLog));
    } catch (err) {
      await stopStarted(stack, newlyRunning(before, runningParts(stack)), stackLog).catch(() => undefined);
      throw err;
    }

    const running: Running = {};
    try {
      await runPipeline({ opts, stack, migrateCfg, ingestCfg, log, signal: stop.signal, write, running });
    } finally {
      running.reporter?.stop();
      if (running.agent) write('stopping the agent (it flushes what it sampled) and pgbench');
      await stopStep('agent', log, () => running.agent?.stop());
      if (running.ingest) write('stopping ingest (storing what it fetched), then maintenance');
      await stopStep('ingest', log, () => running.ingest?.stop());
      await stopStep('maintenance', log, () => running.maintenance?.stop());
      await stopStep('progress', log, () => running.observer?.close());
      if (!opts.keepStack) await stopStarted(stack, started, stackLog);
      else if (started.kafka || started.postgres)
        write('stack left running (--keep-stack): pga down stops it');
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function stopStep(what: string, log: Logger, fn: () => Promise<void> | undefined): Promise<void> {
  try {
    await fn();
  } catch (err) {
    log.error({ err: errorMessage(err) }, `${what}: did not stop cleanly`);
  }
}
