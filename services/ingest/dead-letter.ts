import type { IHeaders, Producer } from '../lib/kafka/client.ts';
import type { PoisonRecord } from './batch-writer.ts';

// Poison messages go, unchanged (same key, value and headers), to <prefix>.deadletter.v1 with the reason
// and the source coordinates in headers, so they can be inspected and replayed.
export const DLQ_HEADERS = {
  reason: 'pga-dlq-reason',
  error: 'pga-dlq-error',
  topic: 'pga-dlq-source-topic',
  partition: 'pga-dlq-source-partition',
  offset: 'pga-dlq-source-offset',
  at: 'pga-dlq-failed-at',
} as const;

export interface DeadLetterSource {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders | undefined;
}

export async function sendDeadLetters(
  producer: Producer,
  topic: string,
  poison: PoisonRecord[],
): Promise<void> {
  if (poison.length === 0) return;
  const at = new Date().toISOString();
  await producer.send({
    topic,
    acks: -1,
    messages: poison.map((p) => ({
      key: p.source.key,
      value: p.source.value,
      headers: {
        ...(p.source.headers ?? {}),
        [DLQ_HEADERS.reason]: p.reason,
        [DLQ_HEADERS.error]: p.message.slice(0, 2000),
        [DLQ_HEADERS.topic]: p.topic,
        [DLQ_HEADERS.partition]: String(p.partition),
        [DLQ_HEADERS.offset]: p.offset,
        [DLQ_HEADERS.at]: at,
      },
    })),
  });
}
