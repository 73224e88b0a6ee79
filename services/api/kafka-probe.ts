import { errorMessage } from '../lib/errors.ts';
import { createKafka, type Admin } from '../lib/kafka/client.ts';
import type { Logger } from '../lib/log/logger.ts';

// What the API asks Kafka: is the cluster reachable (for /ready and /status) and the latest offset of each
// partition (for the ingest lag in /status). The API serves reads without Kafka, so every call is bounded
// in time, and the reachability answer is cached for CACHE_MS so that frequent probes do not hammer the
// brokers. One admin client, connected on first use and rebuilt after a failure.

const CACHE_MS = 10_000;
const TIMEOUT_MS = 3_000;

export interface KafkaState {
  reachable: boolean;
  brokers?: number;
  error?: string;
  checked_at: string;
}

export interface KafkaProbe {
  state(): Promise<KafkaState>;
  /** Latest (high-watermark) offset per partition of `topic`. */
  latestOffsets(topic: string): Promise<Map<number, number>>;
  close(): Promise<void>;
}

export function createKafkaProbe(brokers: string[], logger: Logger): KafkaProbe {
  let admin: Promise<Admin> | undefined;
  let cached: { at: number; state: Promise<KafkaState> } | undefined;

  const connected = (): Promise<Admin> =>
    (admin ??= (async () => {
      const a = createKafka({ brokers, clientId: 'pga-api', logger, retries: 0 }).admin();
      await a.connect();
      return a;
    })());

  const reset = async () => {
    const a = admin;
    admin = undefined;
    await a?.then((x) => x.disconnect()).catch(() => undefined);
  };

  const bounded = async <T>(fn: (a: Admin) => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        connected().then(fn),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      void reset();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };

  const check = async (): Promise<KafkaState> => {
    const checked_at = new Date().toISOString();
    try {
      const cluster = await bounded((a) => a.describeCluster());
      return { reachable: true, brokers: cluster.brokers.length, checked_at };
    } catch (err) {
      logger.debug({ err: errorMessage(err) }, 'kafka unreachable');
      return { reachable: false, error: errorMessage(err), checked_at };
    }
  };

  return {
    state() {
      const now = Date.now();
      if (!cached || now - cached.at > CACHE_MS) cached = { at: now, state: check() };
      return cached.state;
    },
    async latestOffsets(topic) {
      const offsets = await bounded((a) => a.fetchTopicOffsets(topic));
      return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    },
    close: reset,
  };
}
