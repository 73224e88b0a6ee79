// Decides, once, what a database error means for the pipeline, by SQLSTATE class and Node errno:
//  - transient: the server is away or overloaded; retry the same work after a backoff.
//  - data: the rows themselves were refused (bad value, broken constraint); the message is poison.
//  - fatal: a bug or a missing migration; retrying cannot help, and a person must act.

export type DbErrorKind = 'transient' | 'data' | 'fatal';

const TRANSIENT_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
// 08 connection exception, 53 insufficient resources, 57P01-03 shutdown / cannot connect now,
// 40001 serialization failure, 40P01 deadlock, 55P03 lock not available, 58 system error (I/O).
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '58'];
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '40001', '40P01', '55P03', '57014']);
// 22 data exception, 23 integrity constraint violation.
const DATA_SQLSTATE_CLASSES = ['22', '23'];

export function classifyDbError(err: unknown): DbErrorKind {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code !== undefined) {
    if (TRANSIENT_ERRNO.has(code)) return 'transient';
    if (/^[0-9A-Z]{5}$/.test(code)) {
      if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2)))
        return 'transient';
      if (DATA_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return 'data';
      return 'fatal';
    }
  }
  const message = typeof e?.message === 'string' ? e.message : '';
  // node-postgres reports a dropped socket without a code.
  if (
    /Connection terminated|connection timeout|Client has encountered a connection error|terminating connection/i.test(
      message,
    )
  ) {
    return 'transient';
  }
  return 'fatal';
}
