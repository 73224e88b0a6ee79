import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { murmur2, partitionForKey } from '../../services/simulate/partitioner.ts';
import { SendBuffer, type TopicMessages } from '../../services/simulate/send-buffer.ts';

describe('partitioner', () => {
  it('computes Kafka’s murmur2 (same values as the Java client and KafkaJS)', () => {
    // Reference values of org.apache.kafka.common.utils.Utils.murmur2 (checked against KafkaJS's copy).
    assert.equal(murmur2(Buffer.from('')), 275646681);
    assert.equal(murmur2(Buffer.from('sim-1')), murmur2(Buffer.from('sim-1')));
    const spread = new Set(Array.from({ length: 60 }, (_, i) => partitionForKey(`sim-${i + 1}`, 6)));
    assert.equal(spread.size, 6, 'sixty servers use every partition');
    for (let i = 0; i < 100; i++) {
      const p = partitionForKey(`k${i}`, 7);
      assert.ok(Number.isInteger(p) && p >= 0 && p < 7);
    }
  });
});

describe('SendBuffer', () => {
  const msg = (topic: string, partition: number, size: number, key = 'k') => ({
    topic,
    partition,
    key,
    value: Buffer.alloc(size),
  });

  it('keeps each partition’s bytes per call under the limit and preserves order', async () => {
    const calls: TopicMessages[][] = [];
    const buf = new SendBuffer(async (b) => void calls.push(b), {
      maxPartitionBytes: 100,
      maxCallBytes: 1000,
    });
    for (let i = 0; i < 10; i++) await buf.push({ ...msg('a', 0, 40), key: String(i) });
    await buf.push(msg('b', 1, 10));
    await buf.flush();
    const keys = calls.flatMap((c) =>
      c.filter((t) => t.topic === 'a').flatMap((t) => t.messages.map((m) => m.key)),
    );
    assert.deepEqual(keys, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const c of calls) {
      const bytes = c.flatMap((t) => t.messages).reduce((s, m) => s + m.value.length, 0);
      assert.ok(bytes <= 100 || c.flatMap((t) => t.messages).length === 1, `call of ${bytes} bytes`);
    }
    assert.equal(buf.calls, calls.length);
    assert.ok(calls.length >= 4);
  });

  it('bounds the bytes of one call across partitions', async () => {
    const calls: TopicMessages[][] = [];
    const buf = new SendBuffer(async (b) => void calls.push(b), {
      maxPartitionBytes: 1000,
      maxCallBytes: 250,
    });
    for (let i = 0; i < 10; i++) await buf.push(msg('a', i, 100));
    await buf.flush();
    assert.deepEqual(
      calls.map((c) => c.flatMap((t) => t.messages).length),
      [2, 2, 2, 2, 2],
    );
  });

  it('waits for the call in flight before the next one, and reports a failed send', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const buf = new SendBuffer(
      async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
      },
      { maxPartitionBytes: 10, maxCallBytes: 10 },
    );
    for (let i = 0; i < 5; i++) await buf.push(msg('a', 0, 10));
    await buf.flush();
    assert.equal(maxInFlight, 1);

    const failing = new SendBuffer(async () => {
      throw new Error('broker said no');
    });
    await failing.push(msg('a', 0, 10));
    await assert.rejects(failing.flush(), /broker said no/);
  });
});
