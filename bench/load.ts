import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import type { LoadRequest } from './server-process.ts';

/** One bounded run of autocannon against 127.0.0.1, in a process of its own, from a plan file; prints its figures as JSON. */
type LoadPlan = { url: string; connections: number; durationSeconds: number; requests: LoadRequest[] };

const plan = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as LoadPlan;
if (!plan.url?.startsWith('http://127.0.0.1:')) {
  console.error('load: only 127.0.0.1 may be loaded');
  process.exit(2);
}
const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.durationSeconds,
  requests: plan.requests.map((request) => ({
    method: request.method ?? 'GET',
    path: request.path,
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
  })),
});
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    status5xx: result['5xx'],
  })}\n`,
);
