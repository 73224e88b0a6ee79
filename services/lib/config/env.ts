import { z } from 'zod';
import { ConfigError } from '../errors.ts';

// Every service reads PGA_* variables through one zod schema per service, validated once at start.
// A wrong value stops start-up with a message naming the variable and what it expects.

export type Env = Record<string, string | undefined>;

export function parseEnv<T extends z.ZodRawShape>(shape: T, env: Env = process.env): z.infer<z.ZodObject<T>> {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const v = env[key];
    picked[key] = v === '' ? undefined : v;
  }
  const result = z.object(shape).safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = i.path.join('.');
      return `${name}=${JSON.stringify(picked[name] ?? null)}: ${i.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`, { issues: lines });
  }
  return result.data;
}

// Reusable field types.
export const port = (def: number) => z.coerce.number().int().min(1).max(65535).default(def);
export const positiveInt = (def: number) => z.coerce.number().int().positive().default(def);
export const boolFlag = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
export const topicPrefix = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, 'expected letters, digits, _ or - (a Kafka topic prefix)')
  .default('pga');
export const brokers = z
  .string()
  .regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'expected host:port[,host:port…]')
  .default('127.0.0.1:9092')
  .transform((s) => s.split(','));
export const pgUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
  .optional();
export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');
