import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatElapsed, formatProgress, type ProgressSample } from '../../services/demo/index.ts';

const sample = (rowsByTable: ProgressSample['rowsByTable']): ProgressSample => ({
  elapsedMs: 65_400,
  servers: 5,
  intervals: 7,
  batches: 385,
  rowsProduced: 41_230,
  rowsByTable,
  lagMessages: 3,
  visibleP50Seconds: 0.412,
});

describe('demo progress block', () => {
  it('formats elapsed time as m:ss, h:mm:ss past an hour', () => {
    assert.equal(formatElapsed(0), '0:00');
    assert.equal(formatElapsed(65_400), '1:05');
    assert.equal(formatElapsed(3_725_000), '1:02:05');
  });

  it('shows the busiest tables, the rest summed, the total, rollups apart, and what is new', () => {
    const counts: Record<string, number> = {
      statements: 9000,
      index_stats: 5000,
      table_stats: 2000,
      activity_sessions: 900,
      log_events: 700,
      io_stats: 300,
      settings: 80,
      servers: 5,
      statements_1h: 40,
      statements_1d: 10,
      system_cpu_1h: 5,
    };
    const previous = { ...counts, statements: 8000, settings: 80, servers: 3 };
    const lines = formatProgress(sample(counts), previous);
    assert.match(
      lines[0]!,
      /^\[1:05\] produced 7 intervals × 5 servers: 385 batches, 41,230 rows · ingest lag 3 messages · visible after 0\.41 s \(p50\)$/,
    );
    assert.match(lines[2]!, /statements\s+9,000\s+\+1,000$/);
    const body = lines.join('\n');
    assert.match(body, /2 more tables\s+85\s+\+2$/m);
    assert.match(body, /total\s+17,985\s+\+1,002$/m);
    assert.match(body, /rollups: statements_1h 40 · statements_1d 10$/m);
    assert.doesNotMatch(body, /system_cpu_1h/);
  });

  it('leaves the "new" column empty in the first block and says when the database cannot be read', () => {
    const first = formatProgress(sample({ statements: 10 }));
    assert.match(first[2]!, /statements\s+10$/);
    const failed = formatProgress(sample({ error: 'connection refused' }));
    assert.equal(failed.length, 2);
    assert.match(failed[1]!, /database not readable right now: connection refused/);
  });

  it('says when nothing was produced yet and when the lag is unknown', () => {
    const lines = formatProgress({
      ...sample({}),
      intervals: 0,
      lagMessages: undefined,
      visibleP50Seconds: undefined,
    });
    assert.equal(
      lines[0],
      '[1:05] waiting for the first interval · ingest lag unknown (Kafka or the database does not answer)',
    );
  });

  it('is one line when no rows arrived since the last block, with singulars where they fit', () => {
    const counts = { statements: 10, servers: 1 };
    const lines = formatProgress(
      { ...sample(counts), intervals: 1, servers: 1, batches: 1, lagMessages: 1 },
      {
        ...counts,
      },
    );
    assert.deepEqual(lines, [
      '[1:05] produced 1 interval × 1 server: 1 batch, 41,230 rows · ingest lag 1 message · visible after 0.41 s (p50) · no new rows',
    ]);
  });
});
