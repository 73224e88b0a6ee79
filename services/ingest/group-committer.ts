import type { PartitionContribution } from './batch-writer.ts';

// Group commit: contributions from every partition being consumed are gathered and written together, in
// one transaction, when `maxRows` rows are waiting or `maxMs` after the first one arrived. One flush runs
// at a time; what arrives meanwhile forms the next group, so decoding overlaps the database's COPY.
// `add` resolves only once the contribution is committed: a partition never has more than one
// contribution in flight, which bounds memory to (partitions consumed at once) × (fetch size).

export interface GroupCommitterOptions {
  maxRows: number;
  maxMs: number;
  /** Writes a group durably (retrying transient failures itself); rejects only on shutdown or a bug. */
  flush: (group: PartitionContribution[]) => Promise<void>;
}

interface Pending {
  contributions: PartitionContribution[];
  rows: number;
  waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }>;
  due: boolean;
}

const empty = (): Pending => ({ contributions: [], rows: 0, waiters: [], due: false });

export class GroupCommitter {
  private pending = empty();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly opts: GroupCommitterOptions) {}

  add(contribution: PartitionContribution): Promise<void> {
    const rows = contribution.batches.reduce((n, b) => n + b.rowCount, 0);
    return new Promise<void>((resolve, reject) => {
      const p = this.pending;
      p.contributions.push(contribution);
      p.rows += rows;
      p.waiters.push({ resolve, reject });
      if (p.rows >= this.opts.maxRows) this.markDue();
      else this.timer ??= setTimeout(() => this.markDue(), this.opts.maxMs);
    });
  }

  /** Flushes whatever is pending now (used on shutdown). */
  async drain(): Promise<void> {
    while (this.flushing || this.pending.contributions.length > 0) {
      if (!this.flushing) this.markDue();
      await this.flushing?.catch(() => undefined);
    }
  }

  private markDue(): void {
    this.pending.due = true;
    if (!this.flushing) this.startFlush();
  }

  private startFlush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.pending;
    this.pending = empty();
    this.flushing = this.opts.flush(group.contributions).then(
      () => group.waiters.forEach((w) => w.resolve()),
      (err: unknown) => group.waiters.forEach((w) => w.reject(err)),
    );
    void this.flushing.finally(() => {
      this.flushing = undefined;
      const next = this.pending;
      if (next.contributions.length === 0) return;
      if (next.due || next.rows >= this.opts.maxRows) this.startFlush();
      else this.timer ??= setTimeout(() => this.markDue(), this.opts.maxMs);
    });
  }
}
