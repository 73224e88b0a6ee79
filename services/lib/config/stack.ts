import path from 'node:path';
import { z } from 'zod';
import { brokers, parseEnv, pgUrl, port, topicPrefix, type Env } from './env.ts';

// Where the local stack lives and how every part reaches it. The same values are read by `pga up`, the
// services, the simulator and the tests, so they always agree.

export const stackShape = {
  PGA_HOME: z.string().default('.pga'),
  PGA_KAFKA_BROKERS: brokers,
  PGA_KAFKA_PORT: port(9092),
  PGA_KAFKA_CONTROLLER_PORT: port(9093),
  PGA_PG_PORT: port(5433),
  PGA_DATABASE_URL: pgUrl,
  PGA_TOPIC_PREFIX: topicPrefix,
};

export interface StackConfig {
  home: string;
  kafkaBrokers: string[];
  kafkaPort: number;
  kafkaControllerPort: number;
  pgPort: number;
  /** True when PGA_DATABASE_URL was given: the stack then does not start a PostgreSQL of its own. */
  externalDatabase: boolean;
  databaseUrl: string;
  topicPrefix: string;
}

export function loadStackConfig(env: Env = process.env): StackConfig {
  const e = parseEnv(stackShape, env);
  const home = path.resolve(e.PGA_HOME);
  const kafkaBrokers = env.PGA_KAFKA_BROKERS ? e.PGA_KAFKA_BROKERS : [`127.0.0.1:${e.PGA_KAFKA_PORT}`];
  return {
    home,
    kafkaBrokers,
    kafkaPort: e.PGA_KAFKA_PORT,
    kafkaControllerPort: e.PGA_KAFKA_CONTROLLER_PORT,
    pgPort: e.PGA_PG_PORT,
    externalDatabase: e.PGA_DATABASE_URL !== undefined,
    databaseUrl: e.PGA_DATABASE_URL ?? `postgres://pga@127.0.0.1:${e.PGA_PG_PORT}/pga`,
    topicPrefix: e.PGA_TOPIC_PREFIX,
  };
}
