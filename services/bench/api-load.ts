import { spawn } from 'node:child_process';

// Drives HTTP load at an API running in this process. autocannon runs in a child process (api-load-client.ts)
// so that the load generator never shares the API's event loop: it would add its own work to every latency
// measured. (A worker thread will not do: autocannon then behaves as one of its own workers.)

export interface LoadJob {
  baseUrl: string;
  /** Request paths (with query strings), taken in turn. */
  paths: string[];
  connections: number;
  durationS: number;
  headers: Record<string, string>;
}

export interface LoadResult {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  /** Mean requests per second over the run. */
  rps: number;
  errors: number;
  non2xx: number;
  durationS: number;
}

export function runLoad(job: LoadJob): Promise<LoadResult> {
  const client = new URL('./api-load-client.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), client], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(JSON.stringify(job));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`load client exited with code ${code}: ${err.trim()}`));
      else {
        try {
          resolve(JSON.parse(out) as LoadResult);
        } catch {
          reject(new Error(`load client printed no result: ${out.trim()} ${err.trim()}`));
        }
      }
    });
  });
}
