import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentBinary, agentBuildDir } from '../../../services/lib/agent-binary.ts';
import { spawnLogged, type LoggedProcess } from '../../support/child-process.ts';

// Runs the native agent (collector-native, built by `make collector`) as a real child process, with a
// configuration file and a state folder of its own, so tests can SIGKILL and restart it like an operator.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export { agentBinary, agentBuildDir };

export type AgentProcess = LoggedProcess;

export function spawnAgent(args: string[], env: Record<string, string> = {}): AgentProcess {
  return spawnLogged(agentBinary(), args, { cwd: ROOT, env: { ...process.env, ...env }, keepBytes: 400_000 });
}

/** Runs the agent to completion (--once, --check, --help …). */
export function runAgent(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(agentBinary(), args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A state folder and a configuration file (JSON, which is YAML) for one agent. */
export function agentFiles(build: (dir: string) => Record<string, unknown>): {
  dir: string;
  configFile: string;
  cleanup(): void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pga-agent-'));
  const configFile = path.join(dir, 'agent.yaml');
  const config = build(dir);
  const full = {
    ...config,
    collector: { name: 'test-agent', state_dir: dir, ...((config.collector as object) ?? {}) },
  };
  fs.writeFileSync(configFile, JSON.stringify(full, null, 2));
  return { dir, configFile, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the GoogleTest binary (optionally one filter) to completion. */
export function runAgentTests(
  env: Record<string, string>,
  filter?: string,
): { status: number | null; stdout: string; stderr: string } {
  const args = filter ? [`--gtest_filter=${filter}`] : [];
  const r = spawnSync(agentBinary('pga-agent-tests'), args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 280_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
