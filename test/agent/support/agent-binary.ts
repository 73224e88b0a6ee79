import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the tests find the native agent's binaries. `make test` builds collector-native/build first; a
// developer points PGA_AGENT_BUILD_DIR at another build folder (absolute, or relative to the repository).

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function agentBuildDir(): string {
  const dir = process.env.PGA_AGENT_BUILD_DIR ?? 'collector-native/build';
  return isAbsolute(dir) ? dir : resolve(REPO_ROOT, dir);
}

/** The path of a binary of the agent's build (`pga-agent`, `pga-agent-tests`); throws if it is not built. */
export function agentBinary(name: 'pga-agent' | 'pga-agent-tests'): string {
  const path = join(agentBuildDir(), name);
  if (!existsSync(path)) {
    throw new Error(
      `${path} does not exist: build the agent first (make collector), or set PGA_AGENT_BUILD_DIR to its build folder`,
    );
  }
  return path;
}
