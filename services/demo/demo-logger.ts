import { pino, type Logger } from 'pino';

// The services the demo runs in-process log JSON for machines; on the demo's terminal a person reads them,
// so each entry becomes one plain line — "warning: ingest: <message> (<error>)" — and, by default, only
// warnings and errors are shown (PGA_LOG_LEVEL=info shows the services' progress too). KafkaJS's own lines
// are left out unless PGA_LOG_LEVEL asks for info or more: they are start-up notices and errors it retries by itself (a coordinator not
// elected yet on a fresh broker); a broker that stays away shows in the progress block instead.

const LABELS: Record<number, string> = {
  10: 'trace: ',
  20: 'debug: ',
  40: 'warning: ',
  50: 'error: ',
  60: 'fatal: ',
};

export function createDemoLogger(
  level = process.env.PGA_LOG_LEVEL ?? 'warn',
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const showKafka = ['info', 'debug', 'trace'].includes(level);
  return pino(
    { level, base: undefined, timestamp: false },
    {
      write(json: string) {
        const e = JSON.parse(json) as { level: number; msg?: string; component?: string; err?: unknown };
        if (e.msg === undefined || (e.component === 'kafkajs' && !showKafka)) return;
        const who = e.component ? `${e.component}: ` : '';
        const err = e.err === undefined ? '' : ` (${errorText(e.err)})`;
        write(`${LABELS[e.level] ?? ''}${who}${e.msg}${err}\n`);
      },
    },
  );
}

/** pino serialises an Error as { type, message, stack }: the message is what a person needs. */
function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null && 'message' in err) return String(err.message);
  return JSON.stringify(err);
}
