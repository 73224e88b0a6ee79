import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../lib/log/logger.ts';
import { ApiError } from './api-error.ts';

// Last middleware: ApiError → its status and shape; body-parser errors → 400/413; anything else → 500
// with a generic message (the stack goes to the log, never to the client).
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let e: ApiError;
    if (err instanceof ApiError) e = err;
    else if (isBodyParserError(err)) {
      e =
        err.type === 'entity.too.large'
          ? new ApiError(413, 'PAYLOAD_TOO_LARGE', `request body larger than the limit (${err.limit} bytes)`)
          : new ApiError(400, 'MALFORMED_BODY', `request body is not valid JSON: ${err.message}`);
    } else {
      logger.error({ err, method: req.method, path: req.path }, 'request failed');
      e = new ApiError(500, 'INTERNAL', 'internal error; the server log has the details');
    }
    if (res.headersSent) return;
    res.status(e.status).json({
      error: {
        code: e.code,
        message: e.message,
        ...(e.details === undefined ? {} : { details: e.details }),
      },
    });
  };
}

function isBodyParserError(
  err: unknown,
): err is { type: string; message: string; limit?: number; status: number } {
  return (
    typeof err === 'object' &&
    err !== null &&
    'type' in err &&
    'status' in err &&
    typeof (err as { status: unknown }).status === 'number'
  );
}
