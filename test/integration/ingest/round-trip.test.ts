import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadIngestConfig } from '../../../services/ingest/config.ts';
import { startIngest, type IngestHandle } from '../../../services/ingest/main.ts';
import { SAMPLES } from '../../../services/lib/avro/samples.ts';
import { tableLayouts } from '../../../services/ingest/table-layout.ts';
import { INGEST_STREAMS } from '../../../services/lib/kafka/topics.ts';
import { createPipelineEnv, quietLogger, waitFor, type PipelineEnv } from '../../support/pipeline-env.ts';

// Every family, through the real broker (zstd) and the real ingest, into the real tables.

let env: PipelineEnv;
let ingest: IngestHandle;

before(async () => {
  env = await createPipelineEnv('roundtrip');
  ingest = await startIngest(loadIngestConfig({ ...env.env, PGA_INGEST_METRICS_PORT: '0' }), quietLogger);
});

after(async () => {
  await ingest?.stop();
  await env?.close();
});

test('one batch of every family lands in its tables with its values', async () => {
  const expected = new Map<string, number>();
  for (const stream of INGEST_STREAMS) {
    const sample = SAMPLES[stream];
    assert.ok(sample, `a sample exists for ${stream}`);
    await env.send(stream, [sample]);
    for (const layout of tableLayouts(env.registry.byName(stream).raw)) {
      const n = (sample[layout.field] as unknown[]).length;
      expected.set(layout.table, (expected.get(layout.table) ?? 0) + n);
    }
  }
  for (const [table, n] of expected) {
    await waitFor(`${n} rows in ${table}`, async () => (await env.count(table)) === n, 30_000);
  }

  const st = SAMPLES['metrics.statements.v1'] as {
    rows: Array<Record<string, unknown>>;
    envelope: Record<string, unknown>;
  };
  const first = st.rows[0] as Record<string, unknown>;
  const row = (
    await env.pool.query(
      'SELECT server_id, queryid::text, calls, total_exec_time_ms, time FROM statements WHERE queryid = $1',
      [String(first.queryid)],
    )
  ).rows[0];
  assert.equal(row.server_id, st.envelope.server_id);
  assert.equal(row.queryid, String(first.queryid));
  assert.equal(row.calls, first.calls);
  assert.equal(row.total_exec_time_ms, first.total_exec_time_ms);
  assert.equal((row.time as Date).getTime() * 1000, st.envelope.collected_at);

  const texts = await env.pool.query('SELECT fingerprint, fingerprint_version FROM query_texts');
  assert.ok(texts.rows.every((r) => typeof r.fingerprint === 'string' && r.fingerprint.length === 16));
  const servers = await env.pool.query('SELECT server_id FROM servers');
  assert.deepEqual(
    servers.rows.map((r) => r.server_id).sort(),
    [
      ...new Set(
        INGEST_STREAMS.map((s) => String((SAMPLES[s]?.envelope as { server_id: string }).server_id)),
      ),
    ].sort(),
  );
  const batches = await env.count('ingest_batches');
  assert.equal(batches, INGEST_STREAMS.length);
});

test('metrics endpoint reports the rows written', async () => {
  const res = await fetch(`http://127.0.0.1:${ingest.opsPort}/metrics`);
  const text = await res.text();
  assert.match(text, /pga_ingest_rows_total\{table="statements"\} \d+/);
  const health = await fetch(`http://127.0.0.1:${ingest.opsPort}/health`);
  assert.equal(health.status, 200);
  const ready = await fetch(`http://127.0.0.1:${ingest.opsPort}/ready`);
  assert.equal(ready.status, 200);
});
