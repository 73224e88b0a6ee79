import type { SimulationSummary } from './summary.ts';

// The summary as a person reads it at the end of `pga simulate`.

const n = (x: number) => x.toLocaleString('en-US');

export function formatSummary(s: SimulationSummary): string[] {
  const lines = [
    `${s.aborted ? 'stopped' : 'done'}: ${n(s.servers)} servers, ${n(s.intervals)} intervals, ${n(s.messages)} messages, ` +
      `${n(s.rows)} rows (${n(s.statementRows)} statement rows), ${(s.bytes / 1024 ** 2).toFixed(1)} MiB Avro`,
    `time ${(s.elapsedMs / 1000).toFixed(1)} s: ${n(s.rowsPerSecond)} rows/s, ${n(s.statementRowsPerSecond)} statement rows/s, ` +
      `${n(s.messagesPerSecond)} messages/s`,
    '',
    `${'topic'.padEnd(36)} ${'messages'.padStart(10)} ${'rows'.padStart(12)}`,
  ];
  for (const c of Object.values(s.byStream).sort((a, b) => a.topic.localeCompare(b.topic))) {
    lines.push(`${c.topic.padEnd(36)} ${n(c.messages).padStart(10)} ${n(c.rows).padStart(12)}`);
  }
  lines.push('', `${'table'.padEnd(36)} ${'rows'.padStart(23)}`);
  for (const [table, rows] of Object.entries(s.byTable).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${table.padEnd(36)} ${n(rows).padStart(23)}`);
  }
  return lines;
}
