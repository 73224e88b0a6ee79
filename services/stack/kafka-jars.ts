import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../lib/log/logger.ts';
import { ErrorCodes, PgaError } from '../lib/errors.ts';
import type { StackPaths } from './paths.ts';
import { runCommand } from './run-command.ts';

// The broker's classpath comes from infra/kafka/pom.xml: Maven copies the runtime jars into target/lib once.
// A stamp written after a complete copy records the pom it came from, so an interrupted download or an edited
// pom (new Kafka version) triggers a fresh copy, and an unchanged one costs nothing.

const STAMP = '.pga-complete';

export function kafkaVersionOf(pomText: string): string {
  const m = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pomText);
  if (!m?.[1])
    throw new PgaError(ErrorCodes.STACK_START_FAILED, 'infra/kafka/pom.xml has no <kafka.version>');
  return m[1].trim();
}

export function kafkaJarsAreCurrent(paths: Pick<StackPaths, 'kafkaPom' | 'kafkaLibDir'>): boolean {
  try {
    const pom = fs.readFileSync(paths.kafkaPom, 'utf8');
    const stamp = fs.readFileSync(path.join(paths.kafkaLibDir, STAMP), 'utf8');
    const version = kafkaVersionOf(pom);
    return stamp === pom && fs.existsSync(path.join(paths.kafkaLibDir, `kafka_2.13-${version}.jar`));
  } catch {
    return false;
  }
}

export async function ensureKafkaJars(paths: StackPaths, log: Logger): Promise<void> {
  if (kafkaJarsAreCurrent(paths)) return;
  log.info('kafka: fetching Kafka jars from Maven Central (first run only)…');
  const started = Date.now();
  fs.rmSync(paths.kafkaLibDir, { recursive: true, force: true });
  const r = await runCommand('mvn', ['-q', '-B', '-f', paths.kafkaPom, 'dependency:copy-dependencies']);
  if (r.code !== 0) {
    throw new PgaError(
      ErrorCodes.STACK_START_FAILED,
      `fetching the Kafka jars failed (mvn -f ${paths.kafkaPom} dependency:copy-dependencies, exit ${r.code}):\n` +
        `${(r.stdout + r.stderr).trim().split('\n').slice(-20).join('\n')}`,
    );
  }
  fs.writeFileSync(path.join(paths.kafkaLibDir, STAMP), fs.readFileSync(paths.kafkaPom, 'utf8'));
  const count = fs.readdirSync(paths.kafkaLibDir).filter((f) => f.endsWith('.jar')).length;
  log.info(`kafka: ${count} jars in ${paths.kafkaLibDir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
