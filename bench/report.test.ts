import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatChecks, formatProcessesTable, formatScenarioTable, limitLine, type Measurement, meanBound, rowOf } from './report.ts';
import type { WrkSummary } from './wrk-summary.ts';

const summary = (requestsPerSecond: number, latencyMs: Partial<WrkSummary['latencyMs']> = {}, errors: Partial<WrkSummary['errors']> = {}): WrkSummary => ({
  requests: requestsPerSecond * 4,
  durationSeconds: 4,
  requestsPerSecond,
  errors: { connect: 0, read: 0, write: 0, timeout: 0, status: 0, ...errors },
  statuses: null,
  latencyMs: { p50: 1, p90: 2, p95: 3, p97_5: 4, p99: 5, max: 9, ...latencyMs },
  generatorCores: 0.512,
});

const page = (scenario: string, requestsPerSecond: number, overrides: Partial<Measurement> = {}): Measurement => ({
  scenario,
  summary: summary(requestsPerSecond),
  serverCpuMicrosecondsPerRequest: 61.4,
  peakRssMb: 180,
  targets: { minRatio: 0.5, maxP99Ms: 25 },
  isComparedWithBound: true,
  ...overrides,
});

describe('the bound', () => {
  it('is the mean of the bare server at the start and at the end', () => {
    assert.equal(meanBound(28_000, 32_000), 30_000);
  });
});

describe('a scenario judged against its targets', () => {
  it('meets the ratio when its speed is at least that share of the bound', () => {
    const row = rowOf(page('free article', 15_000), { bound: 30_000, articles: 2_000 });
    assert.equal(row.ratioToBound, 0.5);
    assert.deepEqual(row.checks, [
      { label: '≥ 0.5', isMet: true },
      { label: 'p99 ≤ 25 ms', isMet: true },
    ]);
  });

  it('misses the ratio below it, and the latency target above its limit', () => {
    const row = rowOf(page('subscriber', 14_000, { summary: summary(14_000, { p99: 25.1 }) }), { bound: 30_000, articles: 2_000 });
    assert.equal(row.ratioToBound, 0.47);
    assert.equal(formatChecks(row.checks), '≥ 0.5 ✗, p99 ≤ 25 ms ✗');
  });

  it('has no ratio when it is not compared with the bound (searches)', () => {
    const row = rowOf(page('search, 32 at once', 90, { isComparedWithBound: false, targets: {} }), { bound: 30_000, articles: 2_000 });
    assert.equal(row.ratioToBound, null);
    assert.deepEqual(row.checks, []);
  });

  it('shows a target stated for 100,000 articles without judging it on a smaller corpus', () => {
    const measurement = page('search, one at a time', 80, { isComparedWithBound: false, targets: { maxP95Ms: { ms: 15, fromArticles: 100_000 } } });
    assert.equal(formatChecks(rowOf(measurement, { bound: 30_000, articles: 2_000 }).checks), 'p95 ≤ 15 ms at 100,000 articles (not judged)');
    assert.equal(formatChecks(rowOf(measurement, { bound: 30_000, articles: 100_000 }).checks), 'p95 ≤ 15 ms ✓');
  });

  it('counts connection errors, timeouts and failed answers together', () => {
    const row = rowOf(page('feed', 9_000, { summary: summary(9_000, {}, { read: 2, timeout: 1, status: 3 }) }), { bound: 30_000, articles: 2_000 });
    assert.equal(row.failures, 6);
  });

  it('rounds the CPU per request to a microsecond and wrk’s CPU to a hundredth of a core', () => {
    const row = rowOf(page('home', 12_000), { bound: 30_000, articles: 2_000 });
    assert.equal(row.serverCpuMicrosecondsPerRequest, 61);
    assert.equal(row.generatorCores, 0.51);
  });
});

describe('the tables', () => {
  it('print one Markdown row a scenario, ratios and marks included', () => {
    const table = formatScenarioTable([rowOf(page('free article', 15_000), { bound: 30_000, articles: 2_000 })]);
    const lines = table.split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[1], '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    assert.equal(lines[2], '| free article | 15000 | 1 | 3 | 5 | 0.5 | 61 | 0.51 | 180 | 0 | ≥ 0.5 ✓, p99 ≤ 25 ms ✓ |');
  });

  it('set each scenario with two processes beside the same with one', () => {
    const one = [rowOf(page('home', 12_000), { bound: 30_000, articles: 2_000 })];
    const two = [rowOf(page('home', 20_000, { serverCpuMicrosecondsPerRequest: 70 }), { bound: 30_000, articles: 2_000 })];
    const lines = formatProcessesTable(one, two, 2).split('\n');
    assert.match(lines[0] ?? '', /req\/s, 2 processes/);
    assert.equal(lines[2], '| home | 12000 | 20000 | 61 | 70 | 5 | 180 | 0 |');
  });
});

describe('a limit line', () => {
  it('is marked by whether the figure is within its limit', () => {
    assert.equal(limitLine('RSS at rest, largest process', 148, 200, 'MB'), '✓ RSS at rest, largest process: 148 MB (target ≤ 200 MB)');
    assert.equal(limitLine('start-up to the first page', 1_045, 1_000, 'ms'), '✗ start-up to the first page: 1045 ms (target ≤ 1000 ms)');
  });

  it('shows a target stated for other conditions without judging it', () => {
    assert.equal(
      limitLine('start-up', 310, 1_000, 'ms', { isJudged: false, condition: 'at 100,000 articles' }),
      '– start-up: 310 ms (target ≤ 1000 ms at 100,000 articles, not judged)',
    );
  });
});
