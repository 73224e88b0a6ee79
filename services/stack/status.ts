import type { StackConfig } from '../lib/config/stack.ts';
import { createKafka } from '../lib/kafka/client.ts';
import { topicName, topicSpecs } from '../lib/kafka/topics.ts';
import { createLogger, redactUrl } from '../lib/log/logger.ts';
import { kafkaPid } from './kafka.ts';
import { stackPaths } from './paths.ts';
import { isPortOpen } from './ports.ts';
import { probeDatabase } from './postgres-bootstrap.ts';
import { postgresPid } from './postgres.ts';

// What runs, where it listens and whether it answers. Quick by design: `pga status` and tests call it often.

/** running: the process lives and answers; starting: it lives but does not answer (yet); stopped: no process. */
export type PartState = 'running' | 'starting' | 'stopped' | 'unreachable';

export interface KafkaStatus {
  state: PartState;
  pid: number | undefined;
  bootstrap: string;
  /** Topics of topicSpecs() missing on the broker (only known when it answers). */
  missingTopics: string[] | undefined;
  serverLog: string;
  consoleLog: string;
  detail?: string;
}

export interface PostgresStatus {
  state: PartState;
  external: boolean;
  pid: number | undefined;
  /** The connection URL with any password masked. */
  url: string;
  version: string | undefined;
  dataDir: string | undefined;
  logFile: string | undefined;
  detail?: string;
}

export interface StackStatus {
  /** running: every part answers; partial: some do; stopped: none. */
  state: 'running' | 'partial' | 'stopped';
  home: string;
  kafka: KafkaStatus;
  postgres: PostgresStatus;
}

async function missingTopics(cfg: StackConfig): Promise<string[] | undefined> {
  const kafka = createKafka({
    brokers: [`127.0.0.1:${cfg.kafkaPort}`],
    clientId: 'pga-status',
    logger: createLogger('pga-status', 'silent'),
    retries: 0,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const have = new Set(await admin.listTopics());
    return topicSpecs()
      .map((s) => topicName(cfg.topicPrefix, s.stream))
      .filter((t) => !have.has(t));
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function kafkaStatus(cfg: StackConfig): Promise<KafkaStatus> {
  const paths = stackPaths(cfg);
  const pid = kafkaPid(cfg);
  const open = await isPortOpen(cfg.kafkaPort);
  const base = {
    pid,
    bootstrap: `127.0.0.1:${cfg.kafkaPort}`,
    serverLog: paths.kafkaServerLog,
    consoleLog: paths.kafkaConsoleLog,
    missingTopics: undefined,
  };
  if (pid === undefined) {
    return {
      ...base,
      state: 'stopped',
      ...(open ? { detail: `port ${cfg.kafkaPort} is held by another program` } : {}),
    };
  }
  if (!open) return { ...base, state: 'starting' };
  return { ...base, state: 'running', missingTopics: await missingTopics(cfg) };
}

async function postgresStatus(cfg: StackConfig): Promise<PostgresStatus> {
  const url = redactUrl(cfg.databaseUrl);
  const answer = async () => {
    try {
      return { version: await probeDatabase(cfg.databaseUrl, 2000), detail: undefined };
    } catch (err) {
      return { version: undefined, detail: (err as Error).message };
    }
  };
  if (cfg.externalDatabase) {
    const a = await answer();
    return {
      state: a.version ? 'running' : 'unreachable',
      external: true,
      pid: undefined,
      url,
      version: a.version,
      dataDir: undefined,
      logFile: undefined,
      ...(a.detail ? { detail: a.detail } : {}),
    };
  }
  const paths = stackPaths(cfg);
  const pid = postgresPid(cfg);
  const a = pid === undefined ? { version: undefined, detail: undefined } : await answer();
  return {
    state: pid === undefined ? 'stopped' : a.version ? 'running' : 'starting',
    external: false,
    pid,
    url,
    version: a.version,
    dataDir: paths.pgData,
    logFile: paths.pgLog,
    ...(a.detail ? { detail: a.detail } : {}),
  };
}

export async function stackStatus(cfg: StackConfig): Promise<StackStatus> {
  const [kafka, postgres] = await Promise.all([kafkaStatus(cfg), postgresStatus(cfg)]);
  const running = [kafka.state, postgres.state].filter((s) => s === 'running').length;
  return {
    state: running === 2 ? 'running' : running === 0 ? 'stopped' : 'partial',
    home: cfg.home,
    kafka,
    postgres,
  };
}

export function formatStatus(s: StackStatus): string[] {
  const k = s.kafka;
  const p = s.postgres;
  const kafkaExtra = [
    k.pid !== undefined ? `pid ${k.pid}` : undefined,
    k.missingTopics === undefined
      ? undefined
      : k.missingTopics.length === 0
        ? 'all topics present'
        : `${k.missingTopics.length} topics missing (run pga up)`,
    k.detail,
  ].filter(Boolean);
  const pgExtra = [
    p.external ? 'external (PGA_DATABASE_URL)' : 'embedded',
    p.pid !== undefined ? `pid ${p.pid}` : undefined,
    p.version ? `PostgreSQL ${p.version}` : undefined,
    p.detail,
  ].filter(Boolean);
  return [
    `stack: ${s.state} (data in ${s.home})`,
    `  kafka       ${k.state.padEnd(11)} ${k.bootstrap}  ${kafkaExtra.join(', ')}`,
    `  postgres    ${p.state.padEnd(11)} ${p.url}  ${pgExtra.join(', ')}`,
  ];
}
