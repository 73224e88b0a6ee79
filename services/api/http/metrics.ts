import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Prometheus metrics of the API: requests and their latency by method, route template and status. The
// route label is the Express route pattern (`/api/v1/users/:user_id`), never the raw path, so the number of
// series stays bounded whatever clients send; requests that matched no route count as `unmatched`.

export interface HttpMetrics {
  registry: Registry;
  /** Measures every request (mount first). */
  middleware: RequestHandler;
  /** GET /metrics; with a token, only `Authorization: Bearer <token>` may scrape. */
  handler(token: string | undefined): RequestHandler;
}

export function createHttpMetrics(registry = new Registry()): HttpMetrics {
  collectDefaultMetrics({ register: registry, prefix: 'pga_api_process_' });
  const requests = new Counter({
    name: 'pga_api_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'pga_api_request_seconds',
    help: 'HTTP request latency, by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const routePath = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof routePath === 'string' ? `${req.baseUrl}${routePath}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      requests.inc(labels);
      seconds.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };

  const handler =
    (token: string | undefined): RequestHandler =>
    (req, res, next) => {
      if (token !== undefined && !sameSecret(req.headers.authorization ?? '', `Bearer ${token}`)) {
        res.status(401).json({
          error: { code: 'UNAUTHORIZED', message: 'send Authorization: Bearer <PGA_API_METRICS_TOKEN>' },
        });
        return;
      }
      registry.metrics().then((body) => {
        res.type(registry.contentType).send(body);
      }, next);
    };

  return { registry, middleware, handler };
}

function sameSecret(a: string, b: string): boolean {
  // Hash both sides so the comparison is constant-time whatever their lengths.
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}
