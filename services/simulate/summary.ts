import type { GeneratedBatch } from './batch.ts';

// What a simulation produced, counted per stream, per array field and per database table, so a test or the
// benchmark can compare it with what the ingest service wrote.

export interface StreamCount {
  topic: string;
  messages: number;
  /** Rows over every array field of the stream. */
  rows: number;
  bytes: number;
  /** Rows per array field of the batch value (e.g. statements, slots). */
  fields: Record<string, number>;
}

export interface SimulationSummary {
  servers: number;
  intervals: number;
  messages: number;
  rows: number;
  /** Statement rows (metrics.statements.v1 `rows`): the figure the ingest benchmark is sized by. */
  statementRows: number;
  bytes: number;
  /** collected_at of the first and last interval produced, epoch ms (undefined when nothing was produced). */
  firstCollectedAtMs: number | undefined;
  lastCollectedAtMs: number | undefined;
  byStream: Record<string, StreamCount>;
  /** Rows per database table, from the schemas' field → table mapping. */
  byTable: Record<string, number>;
  elapsedMs: number;
  rowsPerSecond: number;
  statementRowsPerSecond: number;
  messagesPerSecond: number;
  /** Stopped by a signal before every requested interval was produced. */
  aborted: boolean;
}

/** Maps (stream, array field) to the table its rows land in; undefined when the schema names none. */
export type TableOf = (stream: string, field: string) => string | undefined;

export class SummaryCounter {
  private readonly summary: SimulationSummary;
  private readonly started = performance.now();
  private readonly intervalsSeen = new Set<number>();
  private readonly serversSeen = new Set<string>();

  constructor(
    private readonly topicOf: (stream: string) => string,
    private readonly tableOf: TableOf = () => undefined,
  ) {
    this.summary = {
      servers: 0,
      intervals: 0,
      messages: 0,
      rows: 0,
      statementRows: 0,
      bytes: 0,
      firstCollectedAtMs: undefined,
      lastCollectedAtMs: undefined,
      byStream: {},
      byTable: {},
      elapsedMs: 0,
      rowsPerSecond: 0,
      statementRowsPerSecond: 0,
      messagesPerSecond: 0,
      aborted: false,
    };
  }

  add(batch: GeneratedBatch, bytes = 0): void {
    const s = this.summary;
    const stream = (s.byStream[batch.stream] ??= {
      topic: this.topicOf(batch.stream),
      messages: 0,
      rows: 0,
      bytes: 0,
      fields: {},
    });
    stream.messages++;
    stream.bytes += bytes;
    s.messages++;
    s.bytes += bytes;
    for (const [field, n] of Object.entries(batch.rowCounts)) {
      stream.fields[field] = (stream.fields[field] ?? 0) + n;
      stream.rows += n;
      s.rows += n;
      if (batch.family === 'statements' && field === 'rows') s.statementRows += n;
      const table = this.tableOf(batch.stream, field);
      if (table !== undefined) s.byTable[table] = (s.byTable[table] ?? 0) + n;
    }
    this.intervalsSeen.add(batch.collectedAtMs);
    this.serversSeen.add(batch.key);
    if (s.firstCollectedAtMs === undefined || batch.collectedAtMs < s.firstCollectedAtMs) {
      s.firstCollectedAtMs = batch.collectedAtMs;
    }
    if (s.lastCollectedAtMs === undefined || batch.collectedAtMs > s.lastCollectedAtMs) {
      s.lastCollectedAtMs = batch.collectedAtMs;
    }
  }

  markAborted(): void {
    this.summary.aborted = true;
  }

  /** A snapshot with the rates computed over the time since the counter was created. */
  snapshot(): SimulationSummary {
    const elapsedMs = performance.now() - this.started;
    const secs = Math.max(elapsedMs / 1000, 1e-9);
    return {
      ...this.summary,
      servers: this.serversSeen.size,
      intervals: this.intervalsSeen.size,
      byStream: structuredClone(this.summary.byStream),
      byTable: { ...this.summary.byTable },
      elapsedMs: Math.round(elapsedMs),
      rowsPerSecond: Math.round(this.summary.rows / secs),
      statementRowsPerSecond: Math.round(this.summary.statementRows / secs),
      messagesPerSecond: Math.round(this.summary.messages / secs),
    };
  }
}
