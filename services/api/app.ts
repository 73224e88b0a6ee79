import cors from 'cors';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import type { ApiDeps } from './deps.ts';
import { notFound } from './http/api-error.ts';
import { errorHandler } from './http/error-handler.ts';
import { generateDocument } from './openapi.ts';
import { ROUTES } from './routes/index.ts';

// The Express application: security headers, CORS, body limits, authentication, the /api/v1 routes, the
// OpenAPI document and its browsable UI, and the one error shape. Pure wiring; routes live in routes/.

export function createApp(deps: ApiDeps, authenticate: RequestHandler, version: string): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
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
