import { ErrorCodes, PgaError } from '../lib/errors.ts';
import { hasCommand } from './run-command.ts';

// The local stack needs a JVM for Kafka and Maven to fetch the broker's jars once. Both come from Debian.
const INSTALL_HINT = 'apt-get install -y openjdk-17-jre-headless maven';

export function requireTools(tools: string[], has: (cmd: string) => boolean = hasCommand): void {
  const missing = tools.filter((t) => !has(t));
  if (missing.length === 0) return;
  throw new PgaError(
    ErrorCodes.STACK_MISSING_TOOL,
    `${missing.join(' and ')} not found on PATH: the local Kafka needs Java 17+ and Maven. Install them with:\n  ${INSTALL_HINT}`,
    { details: { missing } },
  );
}
