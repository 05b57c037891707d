/** What one wrk run reports through bench/wrk/plan.lua's done(), in the bench's units. */
export type WrkSummary = {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  /** Connection errors by kind, and `status`: answers of 400 and above, which wrk counts itself. */
  errors: { connect: number; read: number; write: number; timeout: number; status: number };
  /** Answers by status class, when the plan asked for them (it costs wrk speed). */
  statuses: { '2xx': number; '3xx': number; '4xx': number; '5xx': number; other: number } | null;
  latencyMs: { p50: number; p90: number; p95: number; p97_5: number; p99: number; max: number };
  /** wrk's own CPU time over the run, in cores: near 1 per wrk thread would mean the generator was the limit. */
  generatorCores: number;
};

export class WrkOutputError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function numberAt(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new WrkOutputError(`wrk's figures lack a number for "${key}"`);
  return value;
}

function recordAt(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = record[key];
  if (!isRecord(value)) throw new WrkOutputError(`wrk's figures lack "${key}"`);
  return value;
}

const millisecondsOf = (microseconds: number) => Math.round(microseconds / 100) / 10;

/** Reads the JSON line done() prints (the last line of wrk's output that starts with `{`). */
export function parseWrkSummary(output: string): WrkSummary {
  const line = output
    .split('\n')
    .filter((candidate) => candidate.startsWith('{'))
    .at(-1);
  if (line === undefined) throw new WrkOutputError('wrk printed no figures (did bench/wrk/plan.lua run?)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new WrkOutputError(`wrk's figures are not JSON: ${line.slice(0, 200)}`);
  }
  if (!isRecord(parsed)) throw new WrkOutputError('wrk printed figures that are not an object');
  const requests = numberAt(parsed, 'requests');
  const durationSeconds = numberAt(parsed, 'durationUs') / 1e6;
  if (durationSeconds <= 0) throw new WrkOutputError('wrk ran for no time');
  const errors = recordAt(parsed, 'errors');
  const latency = recordAt(parsed, 'latencyUs');
  const statuses = parsed.statuses === null ? null : recordAt(parsed, 'statuses');
  return {
    requests,
    durationSeconds,
    requestsPerSecond: requests / durationSeconds,
    errors: {
      connect: numberAt(errors, 'connect'),
      read: numberAt(errors, 'read'),
      write: numberAt(errors, 'write'),
      timeout: numberAt(errors, 'timeout'),
      status: numberAt(errors, 'status'),
    },
    statuses:
      statuses === null
        ? null
        : {
            '2xx': numberAt(statuses, '2xx'),
            '3xx': numberAt(statuses, '3xx'),
            '4xx': numberAt(statuses, '4xx'),
            '5xx': numberAt(statuses, '5xx'),
            other: numberAt(statuses, 'other'),
          },
    latencyMs: {
      p50: millisecondsOf(numberAt(latency, 'p50')),
      p90: millisecondsOf(numberAt(latency, 'p90')),
      p95: millisecondsOf(numberAt(latency, 'p95')),
      p97_5: millisecondsOf(numberAt(latency, 'p97_5')),
      p99: millisecondsOf(numberAt(latency, 'p99')),
      max: millisecondsOf(numberAt(latency, 'max')),
    },
    generatorCores: numberAt(parsed, 'cpuSeconds') / durationSeconds,
  };
}

/**
 * The failures of a run: connection errors and timeouts, and answers outside 2xx (all classes when
 * counted, else the 4xx and 5xx wrk counts). A run that served nothing fails too.
 */
export function failuresOf(summary: WrkSummary): { connection: number; timeouts: number; non2xx: number; servedNothing: boolean } {
  const { connect, read, write, timeout, status } = summary.errors;
  const non2xx = summary.statuses === null ? status : summary.statuses['3xx'] + summary.statuses['4xx'] + summary.statuses['5xx'] + summary.statuses.other;
  return { connection: connect + read + write, timeouts: timeout, non2xx, servedNothing: summary.requests === 0 };
}
