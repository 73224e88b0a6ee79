import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadStackConfig, type StackConfig } from '../../services/lib/config/stack.ts';
import { createLogger } from '../../services/lib/log/logger.ts';
import { down, up } from '../../services/stack/index.ts';

// A stack of its own (data folder and free ports) for tests that stop and start the broker or the
// database: the shared stack other tests use is never disturbed.

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface PrivateStack {
  cfg: StackConfig;
  /** The PGA_* variables that point a child process at this stack. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startPrivateStack(): Promise<PrivateStack> {
  const log = createLogger('test-stack', 'silent');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pga-stack-'));
  fs.chmodSync(home, 0o755); // PostgreSQL's OS user must reach it when tests run as root
  const [k, c, p] = [await freePort(), await freePort(), await freePort()];
  const env = {
    PGA_HOME: home,
    PGA_KAFKA_PORT: String(k),
    PGA_KAFKA_CONTROLLER_PORT: String(c),
    PGA_PG_PORT: String(p),
  };
  const cfg = loadStackConfig(env);
  await up(cfg, log);
  return {
    cfg,
    env: { ...env, PGA_KAFKA_BROKERS: cfg.kafkaBrokers.join(',') },
    stop: async () => {
      await down(cfg, log, { purge: true, postgresMode: 'immediate' }).catch(() => undefined);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
