import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './errors.ts';

// Where the native agent (collector-native, built by `make collector`) is: collector-native/build, or the
// folder PGA_AGENT_BUILD_DIR names (relative to the repository).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function agentBuildDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(ROOT, env.PGA_AGENT_BUILD_DIR ?? 'collector-native/build');
}

export function agentBinary(name: 'pga-agent' | 'pga-agent-tests' = 'pga-agent'): string {
  const bin = path.join(agentBuildDir(), name);
  if (!fs.existsSync(bin)) {
    throw new ConfigError(
      `${bin} is missing: build the agent with \`make collector\` (or set PGA_AGENT_BUILD_DIR)`,
    );
  }
  return bin;
}
