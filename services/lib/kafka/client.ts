import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from '../log/logger.ts';
import { registerZstd } from './zstd-codec.ts';

// The only module that constructs KafkaJS: KafkaJS is in maintenance mode, so it stays behind this seam.

export { CompressionTypes, Partitioners } from 'kafkajs';
export type {
  Consumer,
  Producer,
  Admin,
  EachBatchPayload,
  KafkaMessage,
  IHeaders,
  ITopicConfig,
} from 'kafkajs';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Connection retries before a call gives up (KafkaJS's own backoff). */
  retries?: number;
}

function toPinoLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const child = { kafkajs: extra };
      if (level === logLevel.ERROR) logger.error(child, message);
      else if (level === logLevel.WARN) logger.warn(child, message);
      else if (level === logLevel.INFO) logger.debug(child, message);
      else logger.trace(child, message);
    };
}

export function createKafka(opts: KafkaClientOptions): Kafka {
  registerZstd();
  const config: KafkaConfig = {
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.INFO,
    logCreator: toPinoLogCreator(opts.logger.child({ component: 'kafkajs' })),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: opts.retries ?? 8 },
  };
  return new Kafka(config);
}
