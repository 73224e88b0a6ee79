import cors from 'cors';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import type { ApiDeps } from './deps.ts';
import { notFound } from './http/api-error.ts';
import { errorHandler } from './http/error-handler.ts';
import type { HttpMetrics } from './http/metrics.ts';
import { generateDocument } from './openapi.ts';
import { ROUTES } from './routes/index.ts';

// The Express application: security headers, CORS, body limits, authentication, the /api/v1 routes, the
// OpenAPI document and its browsable UI, Prometheus /metrics, and the one error shape. Pure wiring; routes
// live in routes/.

export interface AppParts {
  authenticate: RequestHandler;
  httpMetrics: HttpMetrics;
  version: string;
}

export function createApp(deps: ApiDeps, parts: AppParts): express.Express {
  const { authenticate, httpMetrics, version } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(
    cors({
      origin: deps.config.corsOrigins.length === 0 ? false : deps.config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'If-Match'],
      exposedHeaders: ['ETag'],
    }),
  );
  app.use(httpMetrics.middleware);
  // Prometheus scrapes usually carry no bearer token: /metrics is open unless PGA_API_METRICS_TOKEN is set.
  app.get('/metrics', httpMetrics.handler(deps.config.metricsToken));
  app.use(express.json({ limit: deps.config.bodyLimit, strict: true }));
  app.use(authenticate);

  const router = express.Router();
  for (const register of ROUTES) register(router, deps);
  const document = generateDocument(deps.openapi, version);
  router.get('/openapi.json', (_req, res) => void res.json(document));
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'pgAnalytics API' }));
  app.use('/api/v1', router);

  app.use((req, _res, next) => next(notFound(`route ${req.method} ${req.path}`)));
  app.use(errorHandler(deps.logger));
  return app;
}
