import type { Admin, Consumer, EachBatchPayload, KafkaMessage } from '../lib/kafka/client.ts';
import type { Logger } from '../lib/log/logger.ts';
import type { Pool } from '../lib/db/pool.ts';
import { errorMessage, isPgaError } from '../lib/errors.ts';
import type { PartitionContribution, PoisonRecord } from './batch-writer.ts';
import type { BatchDecoder, DecodedBatch } from './decode-message.ts';
import type { FingerprintCache } from './fingerprint-cache.ts';
import type { GroupCommitter } from './group-committer.ts';
import type { IngestMetrics } from './metrics.ts';
import { readOffsets } from './sql.ts';

// The Kafka side of ingest: decode each fetched batch, hand it to the group committer, and resolve the
// offsets only after the rows are committed. Offsets in the database are the truth: on every assignment
// the consumer seeks each partition to the offset stored there (Kafka's committed offset is only kept
// for lag tools), and the write transaction drops anything below it, so a rebalance in the middle of a
// write cannot duplicate rows either.

export interface ConsumerDeps {
  consumer: Consumer;
  admin: Admin;
  pool: Pool;
  group: string;
  topics: string[];
  concurrency: number;
  decoder: BatchDecoder;
  committer: GroupCommitter;
  fingerprints: FingerprintCache;
  metrics: IngestMetrics;
  logger: Logger;
}

export async function runConsumer(deps: ConsumerDeps): Promise<void> {
  const { consumer, logger } = deps;
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    void seekToStoredOffsets(deps, e.payload.memberAssignment).catch((err: unknown) =>
      logger.warn(
        { err: errorMessage(err) },
        'could not seek to stored offsets; the write transaction still skips what is stored',
      ),
    );
  });
  await consumer.subscribe({ topics: deps.topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: deps.concurrency,
    eachBatch: (payload) => handleBatch(deps, payload),
  });
}

async function seekToStoredOffsets(deps: ConsumerDeps, assignment: Record<string, number[]>): Promise<void> {
  const stored = await readOffsets(deps.pool, deps.group);
  const byKey = new Map(stored.map((s) => [`${s.topic}/${s.partition}`, s.nextOffset]));
  for (const [topic, partitions] of Object.entries(assignment)) {
    let low: Map<number, string> | undefined;
    for (const partition of partitions) {
      let offset = byKey.get(`${topic}/${partition}`);
      if (offset === undefined) {
        // Nothing stored for this partition: the database is the truth, so read it from the start.
        low ??= new Map((await deps.admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.low]));
        offset = low.get(partition) ?? '0';
      }
      deps.consumer.seek({ topic, partition, offset });
    }
  }
  deps.logger.info({ assignment }, 'partitions assigned; positioned at the offsets stored in the database');
}

async function handleBatch(deps: ConsumerDeps, payload: EachBatchPayload): Promise<void> {
  const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
  if (batch.messages.length === 0 || !isRunning() || isStale()) return;
  const last = batch.messages[batch.messages.length - 1] as KafkaMessage;
  deps.metrics.lag.set(
    { topic: batch.topic, partition: String(batch.partition) },
    Math.max(0, Number(batch.highWatermark) - Number(last.offset) - 1),
  );
  const contribution = decodeAll(deps, batch.topic, batch.partition, batch.messages);
  contribution.lastOffset = last.offset;
  const texts = textsOf(contribution.batches);
  if (texts.length > 0) await deps.fingerprints.ensure(texts);

  const rows = contribution.batches.reduce((n, b) => n + b.rowCount, 0);
  deps.metrics.inflightRows.inc(rows);
  const done = deps.committer.add(contribution);
  const beat = setInterval(() => void heartbeat().catch(() => undefined), 1000);
  try {
    await done;
  } finally {
    clearInterval(beat);
    deps.metrics.inflightRows.dec(rows);
  }
  resolveOffset(last.offset);
}

function decodeAll(
  deps: ConsumerDeps,
  topic: string,
  partition: number,
  messages: KafkaMessage[],
): PartitionContribution {
  const batches: DecodedBatch[] = [];
  const poison: PoisonRecord[] = [];
  for (const m of messages) {
    const source = { key: m.key ?? null, value: m.value ?? null, headers: m.headers };
    try {
      batches.push(deps.decoder.decode(topic, partition, m.offset, Number(m.timestamp), source));
    } catch (err) {
      if (!isPgaError(err) || !err.poison) throw err;
      deps.logger.warn(
        { topic, partition, offset: m.offset, reason: err.code, err: err.message },
        'poison message: dead-lettering',
      );
      poison.push({ topic, partition, offset: m.offset, reason: err.code, message: err.message, source });
    }
  }
  return { topic, partition, lastOffset: '-1', batches, poison };
}

function textsOf(batches: DecodedBatch[]): string[] {
  const out: string[] = [];
  for (const b of batches) {
    for (const t of b.tables) {
      if (t.layout.table !== 'query_texts') continue;
      for (const r of t.rows) if (typeof r.query === 'string') out.push(r.query);
    }
  }
  return out;
}
