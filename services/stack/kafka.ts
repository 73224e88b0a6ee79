import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { StackConfig } from '../lib/config/stack.ts';
import { ErrorCodes, PgaError } from '../lib/errors.ts';
import type { Logger } from '../lib/log/logger.ts';
import { ensureKafkaJars, kafkaJarsAreCurrent } from './kafka-jars.ts';
import { brokerReady } from './kafka-probe.ts';
import { renderServerProperties } from './kafka-properties.ts';
import { formatKafkaStorage } from './kafka-storage.ts';
import { stackPaths, type StackPaths } from './paths.ts';
import { ensurePortFree } from './ports.ts';
import { runningPid, sleep, tailFile, waitForExit } from './process-control.ts';
import { requireTools } from './tools.ts';

// The local broker: a detached JVM (own session, so it outlives the CLI and its process group) whose pid is
// kept in <PGA_HOME>/kafka/kafka.pid. Start and stop are safe to repeat: tests restart the broker mid-stream.

const MAIN_CLASS = 'kafka.Kafka';
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 45_000;

export function kafkaJavaOptions(paths: StackPaths): string[] {
  return [
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${paths.kafkaDir}`,
    `-Dlog4j2.configurationFile=${paths.kafkaLog4j}`,
  ];
}

const BROKER_JVM = [
  '-Xms256m',
  '-Xmx768m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:+ExplicitGCInvokesConcurrent',
];

export function kafkaPid(cfg: Pick<StackConfig, 'home'>): number | undefined {
  return runningPid(stackPaths(cfg).kafkaPidFile, MAIN_CLASS);
}

export interface StartResult {
  pid: number | undefined;
  alreadyRunning: boolean;
}

export async function startKafka(cfg: StackConfig, log: Logger): Promise<StartResult> {
  const paths = stackPaths(cfg);
  const broker = [`127.0.0.1:${cfg.kafkaPort}`];
  const existing = kafkaPid(cfg);
  if (existing !== undefined) {
    await waitForBroker(existing, broker, paths, log);
    log.info(`kafka: already running (pid ${existing}) on 127.0.0.1:${cfg.kafkaPort}`);
    return { pid: existing, alreadyRunning: true };
  }
  requireTools(kafkaJarsAreCurrent(paths) ? ['java'] : ['java', 'mvn']);
  await ensureKafkaJars(paths, log);
  await ensurePortFree(cfg.kafkaPort, 'PGA_KAFKA_PORT', 'Kafka');
  await ensurePortFree(cfg.kafkaControllerPort, 'PGA_KAFKA_CONTROLLER_PORT', 'the Kafka controller');

  fs.mkdirSync(paths.kafkaDataDir, { recursive: true });
  fs.writeFileSync(paths.kafkaProperties, renderServerProperties({ cfg, dataDir: paths.kafkaDataDir }));
  const javaOpts = kafkaJavaOptions(paths);
  await formatKafkaStorage(paths, javaOpts, log);

  log.info(`kafka: starting broker on 127.0.0.1:${cfg.kafkaPort}`);
  const out = fs.openSync(paths.kafkaConsoleLog, 'a');
  const child = spawn(
    'java',
    [...BROKER_JVM, ...javaOpts, '-cp', path.join(paths.kafkaLibDir, '*'), MAIN_CLASS, paths.kafkaProperties],
    { cwd: paths.kafkaDir, detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw startFailed('java did not start', paths);
  fs.writeFileSync(paths.kafkaPidFile, `${pid}\n`);
  const started = Date.now();
  await waitForBroker(pid, broker, paths, log);
  log.info(`kafka: ready (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { pid, alreadyRunning: false };
}

async function waitForBroker(pid: number, brokers: string[], paths: StackPaths, log: Logger): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (runningPid(paths.kafkaPidFile, MAIN_CLASS) !== pid)
      throw startFailed('the broker exited during start-up', paths);
    if (await brokerReady(brokers, log)) return;
    if (Date.now() > deadline) {
      throw startFailed(
        `the broker did not answer on ${brokers.join(',')} within ${START_TIMEOUT_MS / 1000} s`,
        paths,
      );
    }
    await sleep(500);
  }
}

function startFailed(what: string, paths: StackPaths): PgaError {
  const tail = tailFile(paths.kafkaConsoleLog) || tailFile(paths.kafkaServerLog);
  return new PgaError(
    ErrorCodes.STACK_START_FAILED,
    `kafka: ${what}; see ${paths.kafkaConsoleLog} and ${paths.kafkaServerLog}` +
      (tail ? `\n--- last lines ---\n${tail}` : ''),
  );
}

/** Stops the broker (SIGTERM: controlled shutdown, SIGKILL after a timeout) and waits until it is gone. */
export async function stopKafka(cfg: StackConfig, log: Logger): Promise<{ stopped: boolean }> {
  const paths = stackPaths(cfg);
  const pid = kafkaPid(cfg);
  if (pid === undefined) {
    fs.rmSync(paths.kafkaPidFile, { force: true });
    log.info('kafka: not running');
    return { stopped: false };
  }
  log.info(`kafka: stopping broker (pid ${pid})`);
  process.kill(pid, 'SIGTERM');
  if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    log.warn(`kafka: no exit after ${STOP_TIMEOUT_MS / 1000} s, killing pid ${pid}`);
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 10_000);
  }
  fs.rmSync(paths.kafkaPidFile, { force: true });
  log.info('kafka: stopped');
  return { stopped: true };
}
