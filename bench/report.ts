import type { WrkSummary } from './wrk-summary.ts';
import { failuresOf } from './wrk-summary.ts';

/** What a scenario must reach, from issue 16; each is judged in the run's own terms. */
export type Targets = {
  /** Requests a second as a share of the bound's, measured in the same run. */
  minRatio?: number;
  maxP99Ms?: number;
  /** A latency target stated for a corpus of a given size, judged only at that size or larger. */
  maxP95Ms?: { ms: number; fromArticles: number };
};

/** One scenario as measured: wrk's figures and the server's own CPU and memory over the run. */
export type Measurement = {
  scenario: string;
  summary: WrkSummary;
  /** The server's CPU (all its processes and threads) over the run, divided by the requests served. */
  serverCpuMicrosecondsPerRequest: number;
  /** The most one server process held during the run. */
  peakRssMb: number;
  targets: Targets;
  /** Whether the scenario's speed is compared with the bound (pages are; searches are not). */
  isComparedWithBound: boolean;
};

export type Check = { label: string; isMet: boolean | null };

export type Row = {
  scenario: string;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  ratioToBound: number | null;
  serverCpuMicrosecondsPerRequest: number;
  generatorCores: number;
  peakRssMb: number;
  failures: number;
  checks: Check[];
};

/** The bound the ratios use: the mean of the bare server's speed at the start and at the end of the run. */
export function meanBound(atStart: number, atEnd: number): number {
  return (atStart + atEnd) / 2;
}

const roundTo = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** Judges one measurement against its targets; a target stated for a larger corpus is shown, not judged. */
export function rowOf(measurement: Measurement, { bound, articles }: { bound: number; articles: number }): Row {
  const { summary, targets } = measurement;
  const ratio = measurement.isComparedWithBound && bound > 0 ? roundTo(summary.requestsPerSecond / bound, 2) : null;
  const checks: Check[] = [];
  if (targets.minRatio !== undefined) checks.push({ label: `≥ ${targets.minRatio}`, isMet: ratio !== null && ratio >= targets.minRatio });
  if (targets.maxP99Ms !== undefined) checks.push({ label: `p99 ≤ ${targets.maxP99Ms} ms`, isMet: summary.latencyMs.p99 <= targets.maxP99Ms });
  if (targets.maxP95Ms !== undefined) {
    const { ms, fromArticles } = targets.maxP95Ms;
    const isJudged = articles >= fromArticles;
    checks.push({
      label: isJudged ? `p95 ≤ ${ms} ms` : `p95 ≤ ${ms} ms at ${fromArticles.toLocaleString('en-US')} articles`,
      isMet: isJudged ? summary.latencyMs.p95 <= ms : null,
    });
  }
  const failures = failuresOf(summary);
  return {
    scenario: measurement.scenario,
    requestsPerSecond: Math.round(summary.requestsPerSecond),
    p50Ms: summary.latencyMs.p50,
    p95Ms: summary.latencyMs.p95,
    p99Ms: summary.latencyMs.p99,
    ratioToBound: ratio,
    serverCpuMicrosecondsPerRequest: Math.round(measurement.serverCpuMicrosecondsPerRequest),
    generatorCores: roundTo(summary.generatorCores, 2),
    peakRssMb: measurement.peakRssMb,
    failures: failures.connection + failures.timeouts + failures.non2xx + (failures.servedNothing ? 1 : 0),
    checks,
  };
}

const mark = (isMet: boolean | null) => (isMet === null ? '(not judged)' : isMet ? '✓' : '✗');

export function formatChecks(checks: readonly Check[]): string {
  return checks.map((check) => `${check.label} ${mark(check.isMet)}`).join(', ');
}

export function markdownTable(header: readonly string[], alignRight: readonly boolean[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${alignRight.map((isRight) => (isRight ? '---:' : '---')).join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** The main table: one row a scenario, with the figures issue 16 asks for and the targets' marks. */
export function formatScenarioTable(rows: readonly Row[]): string {
  return markdownTable(
    ['scenario', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'ratio to bound', 'server CPU µs/req', 'wrk CPU (cores)', 'peak RSS MB', 'errors', 'target'],
    [false, true, true, true, true, true, true, true, true, true, false],
    rows.map((row) => [
      row.scenario,
      String(row.requestsPerSecond),
      String(row.p50Ms),
      String(row.p95Ms),
      String(row.p99Ms),
      row.ratioToBound === null ? '' : String(row.ratioToBound),
      String(row.serverCpuMicrosecondsPerRequest),
      String(row.generatorCores),
      String(row.peakRssMb),
      String(row.failures),
      formatChecks(row.checks),
    ]),
  );
}

/** The page scenarios with one server process beside the same with more, matched by scenario. */
export function formatProcessesTable(oneProcess: readonly Row[], moreProcesses: readonly Row[], processes: number): string {
  const rows = moreProcesses.flatMap((more) => {
    const one = oneProcess.find((row) => row.scenario === more.scenario);
    if (!one) return [];
    return [
      [
        more.scenario,
        String(one.requestsPerSecond),
        String(more.requestsPerSecond),
        String(one.serverCpuMicrosecondsPerRequest),
        String(more.serverCpuMicrosecondsPerRequest),
        String(more.p99Ms),
        String(more.peakRssMb),
        String(more.failures),
      ],
    ];
  });
  return markdownTable(
    [
      'scenario',
      'req/s, 1 process',
      `req/s, ${processes} processes`,
      'CPU µs/req, 1 process',
      `CPU µs/req, ${processes} processes`,
      `p99 ms, ${processes} processes`,
      'peak RSS MB a process',
      'errors',
    ],
    [false, true, true, true, true, true, true, true],
    rows,
  );
}

/** A ✓/✗ line for a figure with an upper limit, such as memory or start-up; a target stated for other conditions is shown, not judged. */
export function limitLine(label: string, value: number, limit: number, unit: string, { isJudged = true, condition = '' } = {}): string {
  const target = `target ≤ ${limit} ${unit}${condition === '' ? '' : ` ${condition}`}`;
  if (!isJudged) return `– ${label}: ${value} ${unit} (${target}, not judged)`;
  return `${value <= limit ? '✓' : '✗'} ${label}: ${value} ${unit} (${target})`;
}
