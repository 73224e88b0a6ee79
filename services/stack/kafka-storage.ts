import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes, PgaError } from '../lib/errors.ts';
import type { Logger } from '../lib/log/logger.ts';
import type { StackPaths } from './paths.ts';
import { runCommand } from './run-command.ts';

// KRaft storage is formatted once with a cluster id kept in PGA_HOME, so restarts reuse the same log dirs.

/** A Kafka cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints). */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function readOrCreateClusterId(file: string): string {
  try {
    const id = fs.readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{22}$/.test(id)) return id;
  } catch {
    // first run
  }
  const id = newClusterId();
  fs.writeFileSync(file, `${id}\n`);
  return id;
}

export function isFormatted(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'meta.properties'));
}

export async function formatKafkaStorage(paths: StackPaths, javaOpts: string[], log: Logger): Promise<void> {
  if (isFormatted(paths.kafkaDataDir)) return;
  const clusterId = readOrCreateClusterId(paths.kafkaClusterIdFile);
  log.info(`kafka: formatting storage in ${paths.kafkaDataDir} (cluster id ${clusterId})`);
  const r = await runCommand(
    'java',
    [
      ...javaOpts,
      '-cp',
      path.join(paths.kafkaLibDir, '*'),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      paths.kafkaProperties,
      '--ignore-formatted',
    ],
    { cwd: paths.kafkaDir },
  );
  if (r.code !== 0) {
    throw new PgaError(
      ErrorCodes.STACK_START_FAILED,
      `formatting Kafka storage failed (exit ${r.code}):\n${(r.stdout + r.stderr).trim()}`,
    );
  }
}
