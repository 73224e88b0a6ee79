import { spawn, spawnSync } from 'node:child_process';
import { ErrorCodes, PgaError } from '../lib/errors.ts';

// The raw COPY is PostgreSQL's own client doing `\copy … from 'file'`: the reference the ingest is measured
// against, with no Node process in the way.

export function requirePsql(): void {
  const res = spawnSync('psql', ['--version'], { stdio: 'ignore' });
  if (res.error || res.status !== 0) {
    throw new PgaError(
      ErrorCodes.STACK_MISSING_TOOL,
      'psql is not installed: the raw COPY reference needs it. Install the PostgreSQL client ' +
        '(Debian/Ubuntu: apt-get install postgresql-client), or run scripts/install-deps.sh',
    );
  }
}

/** `\copy` quotes the file name as an SQL literal. */
function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Runs `\copy table (columns) FROM 'file'` with psql; resolves with the rows it reports copied. */
export async function psqlCopyFrom(
  url: string,
  table: string,
  columns: string[],
  file: string,
  signal?: AbortSignal,
): Promise<number> {
  const command = `\\copy ${table} (${columns.join(', ')}) FROM ${literal(file)}`;
  const child = spawn('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], {
    stdio: ['ignore', 'pipe', 'pipe'],
    signal,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  signal?.throwIfAborted();
  const copied = /COPY (\d+)/.exec(out);
  if (code !== 0 || !copied) {
    throw new Error(`psql \\copy failed (exit ${code}): ${err.trim() || out.trim()}`);
  }
  return Number(copied[1]);
}
