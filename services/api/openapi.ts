import { OpenAPIRegistry, OpenApiGeneratorV3, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// The OpenAPI 3 document is generated from the same zod schemas that validate requests: a route that is
// registered here and validated with `validate()` cannot drift from its documentation.
extendZodWithOpenApi(z);

export { z };

export function createOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT or pga_ API token or pgac_ collector token',
  });
  return registry;
}

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/** The error responses every authenticated route can give. */
export function errorResponses(...statuses: number[]) {
  const text: Record<number, string> = {
    400: 'Invalid request (validation failed or malformed body)',
    401: 'Missing, expired or invalid credentials',
    403: 'Authenticated, but not allowed',
    404: 'Not found',
    409: 'Conflict',
    412: 'Precondition failed',
    413: 'Body too large',
    429: 'Too many requests',
    503: 'Not ready (error.details has the checks)',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: text[s] ?? 'Error', content: { 'application/json': { schema: ErrorBody } } },
    ]),
  );
}

export function generateDocument(registry: OpenAPIRegistry, version: string) {
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'pgAnalytics API',
      version,
      description:
        'Reads over the fleet’s metrics, collector registration and configuration. All routes except health need a bearer token.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
  });
}
