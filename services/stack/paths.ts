import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackConfig } from '../lib/config/stack.ts';

// Every file the local stack reads or writes, in one place. Data and logs live under PGA_HOME; the Maven
// project that resolves the broker's jars lives in the repository (infra/kafka).

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));

export interface StackPaths {
  home: string;
  lockFile: string;
  kafkaInfra: string;
  kafkaPom: string;
  kafkaLog4j: string;
  kafkaLibDir: string;
  kafkaDir: string;
  kafkaProperties: string;
  kafkaDataDir: string;
  kafkaClusterIdFile: string;
  kafkaPidFile: string;
  /** The broker's stdout/stderr: JVM start-up errors land here. */
  kafkaConsoleLog: string;
  /** The broker's own log (log4j2, INFO). */
  kafkaServerLog: string;
  pgData: string;
  /** Owned by the PostgreSQL OS user: its log file and unix socket live here. */
  pgRunDir: string;
  pgLog: string;
}

export function stackPaths(cfg: Pick<StackConfig, 'home'>): StackPaths {
  const home = cfg.home;
  const kafkaInfra = path.join(REPO_ROOT, 'infra', 'kafka');
  const kafkaDir = path.join(home, 'kafka');
  const pgRunDir = path.join(home, 'postgres');
  return {
    home,
    lockFile: path.join(home, 'stack.lock'),
    kafkaInfra,
    kafkaPom: path.join(kafkaInfra, 'pom.xml'),
    kafkaLog4j: path.join(kafkaInfra, 'log4j2.properties'),
    kafkaLibDir: path.join(kafkaInfra, 'target', 'lib'),
    kafkaDir,
    kafkaProperties: path.join(kafkaDir, 'server.properties'),
    kafkaDataDir: path.join(kafkaDir, 'data'),
    kafkaClusterIdFile: path.join(kafkaDir, 'cluster-id'),
    kafkaPidFile: path.join(kafkaDir, 'kafka.pid'),
    kafkaConsoleLog: path.join(kafkaDir, 'kafka.log'),
    kafkaServerLog: path.join(kafkaDir, 'server.log'),
    pgData: path.join(home, 'pgdata'),
    pgRunDir,
    pgLog: path.join(pgRunDir, 'postgres.log'),
  };
}
