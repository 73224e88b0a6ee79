import { pino, type Logger } from 'pino';

// `pga up|down|status` talk to a person: one plain line per step instead of JSON. It is still a pino Logger,
// so the same stack functions serve services and tests, which pass their structured loggers.

const LABELS: Record<number, string> = { 40: 'warning: ', 50: 'error: ', 60: 'fatal: ' };

export function createProgressLogger(
  level = process.env.PGA_LOG_LEVEL ?? 'info',
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  return pino(
    { level, base: undefined, timestamp: false },
    {
      write(json: string) {
        const entry = JSON.parse(json) as { level: number; msg?: string; component?: string };
        if (entry.msg === undefined) return;
        const who = entry.component ? `${entry.component}: ` : '';
        write(`${LABELS[entry.level] ?? ''}${who}${entry.msg}\n`);
      },
    },
  );
}
