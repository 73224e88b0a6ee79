import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { ApiError } from './api-error.ts';

// Validates params, query and body against zod schemas; unknown fields are refused (strict objects), and
// the parsed values replace the raw ones in `res.locals.input` so handlers read typed data only.

export interface InputSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

export type Input<S extends InputSchemas> = {
  params: S['params'] extends z.ZodType ? z.infer<S['params']> : Record<string, never>;
  query: S['query'] extends z.ZodType ? z.infer<S['query']> : Record<string, never>;
  body: S['body'] extends z.ZodType ? z.infer<S['body']> : undefined;
};

export function validate<S extends InputSchemas>(schemas: S): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const issues: Array<{ in: string; path: string; message: string }> = [];
    const out: Record<string, unknown> = {};
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) {
        out[part] = part === 'body' ? undefined : {};
        continue;
      }
      const r = schema.safeParse(req[part] ?? (part === 'body' ? undefined : {}));
      if (r.success) out[part] = r.data;
      else
        for (const i of r.error.issues) issues.push({ in: part, path: i.path.join('.'), message: i.message });
    }
    if (issues.length > 0) {
      next(
        new ApiError(
          400,
          'VALIDATION_FAILED',
          `invalid request: ${issues.map((i) => `${i.in}${i.path ? `.${i.path}` : ''}: ${i.message}`).join('; ')}`,
          issues,
        ),
      );
      return;
    }
    res.locals.input = out;
    next();
  };
}

/** The validated input of this request (call only after `validate`). */
export function input<S extends InputSchemas>(res: Response, _schemas: S): Input<S> {
  return res.locals.input as Input<S>;
}
