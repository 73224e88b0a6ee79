import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';

// The operations endpoints every service exposes: /health (the process is alive), /ready (its
// dependencies answer), /metrics (Prometheus text format). Nothing else is served here.

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  /** Resolves to null when ready, or to the reason it is not. */
  readiness: () => Promise<string | null>;
  logger: Logger;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    void handle(req.url ?? '/', opts).then(
      ({ status, type, body }) => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      },
      (err: unknown) => {
        opts.logger.error({ err }, 'ops endpoint failed');
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"status":"error"}');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(url: string, opts: OpsServerOptions) {
  const path = url.split('?')[0];
  if (path === '/health') return json(200, { status: 'ok' });
  if (path === '/ready') {
    const reason = await opts.readiness();
    return reason === null ? json(200, { status: 'ready' }) : json(503, { status: 'not ready', reason });
  }
  if (path === '/metrics') {
    return { status: 200, type: opts.registry.contentType, body: await opts.registry.metrics() };
  }
  return json(404, { error: { code: 'NOT_FOUND', message: `no such endpoint: ${path}` } });
}

function json(status: number, body: unknown) {
  return { status, type: 'application/json', body: JSON.stringify(body) };
}
