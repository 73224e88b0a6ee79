// The one error shape every endpoint answers with: { "error": { "code", "message", "details" } }.
// Handlers throw ApiError (or a helper below); anything else becomes a 500 without internals.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new ApiError(400, 'BAD_REQUEST', message, details);
export const unauthorized = (message = 'authentication required: send Authorization: Bearer <token>') =>
  new ApiError(401, 'UNAUTHORIZED', message);
export const forbidden = (message = 'your role does not allow this') =>
  new ApiError(403, 'FORBIDDEN', message);
export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (message: string, details?: unknown) =>
  new ApiError(409, 'CONFLICT', message, details);
export const preconditionFailed = (message: string) => new ApiError(412, 'PRECONDITION_FAILED', message);
