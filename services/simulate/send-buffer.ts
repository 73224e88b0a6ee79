// Groups produced messages into producer.sendBatch calls that are large (few round trips) but keep every
// partition's share of a call under the broker's message size limit: the broker checks each partition's
// record batch against max.message.bytes (1 MB by default), so one call may carry up to that per partition.
// One call is in flight while the next is filled, which with an idempotent producer (one request in flight
// per connection) is as much overlap as ordering allows.

export interface OutgoingMessage {
  topic: string;
  partition: number;
  key: string;
  value: Buffer;
}

export interface TopicMessages {
  topic: string;
  messages: Array<Omit<OutgoingMessage, 'topic'>>;
}

export type SendBatch = (topicMessages: TopicMessages[]) => Promise<void>;

export interface SendBufferLimits {
  /** Bytes of message values per (topic, partition) in one call. */
  maxPartitionBytes: number;
  /** Bytes of message values in one call. */
  maxCallBytes: number;
}

export const DEFAULT_SEND_LIMITS: SendBufferLimits = {
  maxPartitionBytes: 900_000,
  maxCallBytes: 16 * 1024 * 1024,
};

export class SendBuffer {
  private byTopic = new Map<string, TopicMessages>();
  private partitionBytes = new Map<string, number>();
  private callBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;
  /** Calls started so far. */
  calls = 0;

  constructor(
    private readonly send: SendBatch,
    private readonly limits: SendBufferLimits = DEFAULT_SEND_LIMITS,
  ) {}

  async push(msg: OutgoingMessage): Promise<void> {
    this.throwIfFailed();
    const pkey = `${msg.topic}\u0000${msg.partition}`;
    const size = msg.value.length;
    const inPartition = this.partitionBytes.get(pkey) ?? 0;
    if (
      this.callBytes > 0 &&
      (inPartition + size > this.limits.maxPartitionBytes || this.callBytes + size > this.limits.maxCallBytes)
    ) {
      await this.dispatch();
    }
    let group = this.byTopic.get(msg.topic);
    if (!group) this.byTopic.set(msg.topic, (group = { topic: msg.topic, messages: [] }));
    group.messages.push({ partition: msg.partition, key: msg.key, value: msg.value });
    this.partitionBytes.set(pkey, (this.partitionBytes.get(pkey) ?? 0) + size);
    this.callBytes += size;
  }

  /** Sends what is buffered and waits until every call so far is acknowledged. */
  async flush(): Promise<void> {
    if (this.callBytes > 0) await this.dispatch();
    await this.inFlight;
    this.throwIfFailed();
  }

  /** Waits for the call in flight, then starts one with the buffered messages. */
  private async dispatch(): Promise<void> {
    await this.inFlight;
    this.throwIfFailed();
    const batch = [...this.byTopic.values()];
    this.byTopic = new Map();
    this.partitionBytes = new Map();
    this.callBytes = 0;
    this.calls++;
    // The rejection is kept and rethrown by the next push or flush, so it is never left unhandled.
    this.inFlight = this.send(batch).catch((err: unknown) => {
      this.failure = err;
    });
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
