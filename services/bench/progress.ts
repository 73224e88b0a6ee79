import { pino, type Logger } from 'pino';

// The bench talks to a person on stderr (one plain line per step or every few seconds), so that stdout
// carries only its result. The services it runs in-process log JSON to stderr too, warnings only unless
// PGA_LOG_LEVEL asks for more.

export type Progress = (line: string) => void;

export const stderrProgress: Progress = (line) => process.stderr.write(`bench: ${line}\n`);

export function benchLogger(level = process.env.PGA_LOG_LEVEL ?? 'warn'): Logger {
  return pino({ name: 'bench', level, base: { service: 'bench' } }, pino.destination(2));
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Calls `fn` at most once per `everyMs` (and always when `force` is true). */
export function throttle(everyMs: number, fn: () => void): (force?: boolean) => void {
  let last = 0;
  return (force = false) => {
    const now = performance.now();
    if (!force && now - last < everyMs) return;
    last = now;
    fn();
  };
}

/** Rows per second, rounded. */
export function rate(rows: number, seconds: number): number {
  return seconds > 0 ? Math.round(rows / seconds) : 0;
}
