import autocannon from 'autocannon';
import { text } from 'node:stream/consumers';
import type { LoadJob, LoadResult } from './api-load.ts';

// The load generator, a process of its own (started by api-load.ts): reads a LoadJob on stdin, keeps
// `connections` requests in flight for `durationS` seconds, each request taking the next path in turn, and
// prints its figures as one JSON line.

const job = JSON.parse(await text(process.stdin)) as LoadJob;
let next = 0;

const result = await autocannon({
  url: job.baseUrl,
  connections: job.connections,
  duration: job.durationS,
  headers: job.headers,
  requests: [
    {
      method: 'GET',
      setupRequest: (req) => ({ ...req, path: job.paths[next++ % job.paths.length] as string }),
    },
  ],
});

const out: LoadResult = {
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  maxMs: result.latency.max,
  requests: result.requests.total,
  rps: result.requests.average,
  errors: result.errors + result.timeouts,
  non2xx: result.non2xx,
  durationS: result.duration,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
