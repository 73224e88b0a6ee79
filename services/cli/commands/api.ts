import type { Command } from 'commander';
import { loadApiConfig } from '../../api/config.ts';
import { startApi } from '../../api/main.ts';
import { createLogger } from '../../lib/log/logger.ts';

export function register(program: Command): void {
  program
    .command('api')
    .description(
      'Serve the REST API (/api/v1: auth, users, tokens, collectors and their configuration, reads, audit; ' +
        'OpenAPI at /api/v1/openapi.json, UI at /api/v1/docs/, Prometheus at /metrics).\n' +
        'Configured by PGA_DATABASE_URL, PGA_KAFKA_BROKERS and PGA_API_* (PGA_API_JWT_KEYS is required; see README).',
    )
    .option('--port <port>', 'port to listen on (overrides PGA_API_PORT; 0 = any)')
    .option('--host <host>', 'address to listen on (overrides PGA_API_HOST)')
    .action(async (opts: { port?: string; host?: string }) => {
      const env = { ...process.env };
      if (opts.port) env.PGA_API_PORT = opts.port;
      if (opts.host) env.PGA_API_HOST = opts.host;
      const cfg = loadApiConfig(env);
      const logger = createLogger('api', cfg.logLevel);
      const handle = await startApi(cfg, logger);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info({ signal }, 'signal received');
          void handle.stop().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
