// One closed list of error codes for every service. `retryable` errors are transient (the operation may
// succeed if repeated after a backoff); `poison` errors belong to one input message, which goes to the
// dead-letter topic while the stream goes on. Everything else is a programmer or configuration error.

export const ErrorCodes = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  AVRO_BAD_MAGIC: 'AVRO_BAD_MAGIC',
  AVRO_UNKNOWN_FINGERPRINT: 'AVRO_UNKNOWN_FINGERPRINT',
  AVRO_DECODE_FAILED: 'AVRO_DECODE_FAILED',
  AVRO_SCHEMA_INVALID: 'AVRO_SCHEMA_INVALID',
  ROWS_INVALID: 'ROWS_INVALID',
  DB_TRANSIENT: 'DB_TRANSIENT',
  DB_REJECTED: 'DB_REJECTED',
  KAFKA_TRANSIENT: 'KAFKA_TRANSIENT',
  STACK_MISSING_TOOL: 'STACK_MISSING_TOOL',
  STACK_START_FAILED: 'STACK_START_FAILED',
  MIGRATION_FAILED: 'MIGRATION_FAILED',
  USAGE: 'USAGE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface PgaErrorOptions {
  retryable?: boolean;
  poison?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class PgaError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly poison: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, opts: PgaErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PgaError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.poison = opts.poison ?? false;
    this.details = opts.details;
  }
}

/** A configuration value is wrong: the message names the variable and what is expected. */
export class ConfigError extends PgaError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCodes.CONFIG_INVALID, message, { details });
    this.name = 'ConfigError';
  }
}

/** An input message that can never be processed; it is dead-lettered with `code` as the reason. */
export class PoisonMessageError extends PgaError {
  constructor(code: ErrorCode, message: string, opts: Omit<PgaErrorOptions, 'poison'> = {}) {
    super(code, message, { ...opts, poison: true });
    this.name = 'PoisonMessageError';
  }
}

export function isPgaError(err: unknown): err is PgaError {
  return err instanceof PgaError;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
