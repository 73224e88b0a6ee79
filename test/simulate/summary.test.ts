import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaRegistry } from '../../services/lib/avro/index.ts';
import { createLogger } from '../../services/lib/log/logger.ts';
import { simulate } from '../../services/simulate/index.ts';
import { SummaryCounter } from '../../services/simulate/summary.ts';
import { collect, smallFleet } from './helpers.ts';

describe('simulation summary', () => {
  const registry = SchemaRegistry.load();
  const logger = createLogger('test-simulate', 'silent');

  it('counts messages and rows per topic, per field and per table exactly as generated', () => {
    const batches = collect(smallFleet());
    const counter = new SummaryCounter(
      (s) => `t.${s}`,
      (stream, field) => registry.byName(stream).tables.find((t) => t.field === field)?.table,
    );
    for (const b of batches) counter.add(b, 10);
    const s = counter.snapshot();
    assert.equal(s.messages, batches.length);
    assert.equal(s.bytes, batches.length * 10);
    assert.equal(s.servers, 4);
    assert.equal(s.intervals, 6);
    const rows = batches.reduce((n, b) => n + Object.values(b.rowCounts).reduce((x, y) => x + y, 0), 0);
    assert.equal(s.rows, rows);
    const statementRows = batches
      .filter((b) => b.family === 'statements')
      .reduce((n, b) => n + b.rowCounts.rows!, 0);
    assert.equal(s.statementRows, statementRows);
    assert.equal(s.byTable.statements, statementRows);
    assert.equal(s.byTable.statements_info, 4 * 6);
    assert.equal(s.byStream['metrics.statements.v1']!.topic, 't.metrics.statements.v1');
    assert.equal(s.byStream['metrics.statements.v1']!.messages, 4 * 6);
    assert.equal(s.byStream['metrics.statements.v1']!.fields.rows, statementRows);
    assert.equal(
      Object.values(s.byTable).reduce((x, y) => x + y, 0),
      rows,
      'every row lands in a table',
    );
  });

  it('simulate() in a dry run produces the generator’s batches and reports them', async () => {
    const opts = smallFleet({ intervals: 3 });
    const expected = collect(opts);
    const progress: number[] = [];
    const s = await simulate(
      { ...opts, topicPrefix: 'x', dryRun: true, progressIntervalMs: 0 },
      { registry, logger, onProgress: (p) => progress.push(p.messages) },
    );
    assert.equal(s.messages, expected.length);
    assert.equal(s.intervals, 3);
    assert.equal(s.aborted, false);
    assert.ok(s.bytes > 0 && s.rowsPerSecond > 0);
    assert.ok(progress.length > 0);
    assert.equal(s.firstCollectedAtMs, opts.startTimeMs);
    assert.equal(s.lastCollectedAtMs, opts.startTimeMs! + 2 * 60_000);
  });

  it('ends a backfill at now by default and stops early on abort', async () => {
    const before = Date.now();
    const s = await simulate(
      { servers: 1, statements: 10, intervalSeconds: 30, intervals: 5, topicPrefix: 'x', dryRun: true },
      { registry, logger },
    );
    assert.ok(Math.abs(s.lastCollectedAtMs! - before) < 5_000);
    assert.equal(s.lastCollectedAtMs! - s.firstCollectedAtMs!, 4 * 30_000);
    const controller = new AbortController();
    controller.abort();
    const stopped = await simulate(
      { servers: 1, statements: 10, intervalSeconds: 30, intervals: 5, topicPrefix: 'x', dryRun: true },
      { registry, logger, signal: controller.signal },
    );
    assert.equal(stopped.messages, 0);
    assert.equal(stopped.aborted, true);
  });

  it('runs live on a timer: one interval per interval of wall-clock time', async () => {
    const started = Date.now();
    const s = await simulate(
      {
        servers: 1,
        statements: 5,
        intervalSeconds: 0.2,
        durationSeconds: 0.6,
        live: true,
        topicPrefix: 'x',
        dryRun: true,
        families: ['system'],
      },
      { registry, logger },
    );
    assert.equal(s.intervals, 3);
    assert.ok(Date.now() - started >= 380, 'waited for the second and third ticks');
    assert.equal(s.lastCollectedAtMs! - s.firstCollectedAtMs!, 400);
  });
});
