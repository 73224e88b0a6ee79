import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

// Structured JSON logs on stdout. Secrets never reach them: any key that looks like one is redacted.
const REDACT = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'databaseUrl',
  '*.databaseUrl',
  'connectionString',
  '*.connectionString',
];

export function createLogger(name: string, level = process.env.PGA_LOG_LEVEL ?? 'info'): Logger {
  const opts: LoggerOptions = {
    name,
    level,
    base: { service: name, pid: process.pid },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return pino(opts);
}

/** Removes the password from a PostgreSQL URL before it is shown to a person or a log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
