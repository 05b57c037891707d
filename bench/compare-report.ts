/** One wrk run of one scenario against one side of a comparison. */
export type ComparedRun = { requestsPerSecond: number; serverCpuMicrosecondsPerRequest: number; p99Ms: number; generatorCores: number };

/** A scenario's runs on each side, in the order they ran (the sides taking turns). */
export type ComparedScenario = { scenario: string; before: ComparedRun[]; after: ComparedRun[] };

export type ComparisonRow = {
  scenario: string;
  before: { requestsPerSecond: number; serverCpuMicrosecondsPerRequest: number; p99Ms: number };
  after: { requestsPerSecond: number; serverCpuMicrosecondsPerRequest: number; p99Ms: number };
  /** After's requests a second over before's: below 1 is slower. */
  speedRatio: number;
  /** After's CPU a request over before's: above 1 costs more. */
  cpuRatio: number;
  /** The busiest the load generator was in any run, in cores: near 1 a wrk thread would mean it, not the server, set the pace. */
  mostGeneratorCores: number;
};

/** The middle value; the mean of the two middle ones for an even count. Medians, because one run in several on a shared machine is an outlier. */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) throw new Error('the median of no runs');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const roundTo = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

function summaryOf(runs: readonly ComparedRun[]) {
  return {
    requestsPerSecond: Math.round(medianOf(runs.map((run) => run.requestsPerSecond))),
    serverCpuMicrosecondsPerRequest: Math.round(medianOf(runs.map((run) => run.serverCpuMicrosecondsPerRequest))),
    p99Ms: roundTo(medianOf(runs.map((run) => run.p99Ms)), 1),
  };
}

export function comparisonRowOf({ scenario, before, after }: ComparedScenario): ComparisonRow {
  const beforeSummary = summaryOf(before);
  const afterSummary = summaryOf(after);
  return {
    scenario,
    before: beforeSummary,
    after: afterSummary,
    speedRatio: roundTo(afterSummary.requestsPerSecond / beforeSummary.requestsPerSecond, 3),
    cpuRatio: roundTo(afterSummary.serverCpuMicrosecondsPerRequest / beforeSummary.serverCpuMicrosecondsPerRequest, 3),
    mostGeneratorCores: roundTo(Math.max(...[...before, ...after].map((run) => run.generatorCores)), 2),
  };
}

const percentOf = (ratio: number) => `${ratio >= 1 ? '+' : '−'}${Math.abs(roundTo((ratio - 1) * 100, 1))} %`;

export function formatComparisonTable(rows: readonly ComparisonRow[], { before, after }: { before: string; after: string }): string {
  const header = [
    `| scenario | req/s, ${before} | req/s, ${after} | speed | CPU µs/req, ${before} | CPU µs/req, ${after} | CPU | p99 ms, ${before} | p99 ms, ${after} | wrk cores, most |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const lines = rows.map((row) =>
    [
      row.scenario,
      row.before.requestsPerSecond,
      row.after.requestsPerSecond,
      percentOf(row.speedRatio),
      row.before.serverCpuMicrosecondsPerRequest,
      row.after.serverCpuMicrosecondsPerRequest,
      percentOf(row.cpuRatio),
      row.before.p99Ms,
      row.after.p99Ms,
      row.mostGeneratorCores,
    ].join(' | '),
  );
  return [...header, ...lines.map((line) => `| ${line} |`)].join('\n');
}
