import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failuresOf, parseWrkSummary, WrkOutputError } from './wrk-summary.ts';

const figures = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    requests: 40_000,
    bytes: 2_000_000_000,
    durationUs: 4_000_000,
    errors: { connect: 0, read: 0, write: 0, timeout: 0, status: 0 },
    statuses: null,
    latencyUs: { p50: 1_234, p90: 2_000, p95: 2_500, p97_5: 3_000, p99: 4_567, max: 20_000 },
    cpuSeconds: 2.4,
    ...overrides,
  });

describe("wrk's figures", () => {
  it('are read from the JSON line after its own report', () => {
    const summary = parseWrkSummary(`Running 4s test @ http://127.0.0.1:1234/\n  2 threads and 32 connections\n${figures()}\n`);
    assert.equal(summary.requests, 40_000);
    assert.equal(summary.durationSeconds, 4);
    assert.equal(summary.requestsPerSecond, 10_000);
    assert.deepEqual(summary.latencyMs, { p50: 1.2, p90: 2, p95: 2.5, p97_5: 3, p99: 4.6, max: 20 });
    assert.equal(summary.statuses, null);
  });

  it("give wrk's own CPU in cores over the run", () => {
    assert.equal(parseWrkSummary(figures()).generatorCores, 0.6);
  });

  it('carry the answers by status class when the plan counted them', () => {
    const summary = parseWrkSummary(figures({ statuses: { '2xx': 39_990, '3xx': 4, '4xx': 3, '5xx': 2, other: 1 } }));
    assert.deepEqual(summary.statuses, { '2xx': 39_990, '3xx': 4, '4xx': 3, '5xx': 2, other: 1 });
  });

  it('are refused, with a reason, when missing or malformed', () => {
    assert.throws(() => parseWrkSummary('Running 4s test\n'), WrkOutputError);
    assert.throws(() => parseWrkSummary('{"requests": '), /not JSON/);
    assert.throws(() => parseWrkSummary(figures({ latencyUs: undefined })), /latencyUs/);
    assert.throws(() => parseWrkSummary(figures({ durationUs: 0 })), /no time/);
  });
});

describe('the failures of a run', () => {
  it('are none when every request was answered with a success', () => {
    assert.deepEqual(failuresOf(parseWrkSummary(figures())), { connection: 0, timeouts: 0, non2xx: 0, servedNothing: false });
  });

  it('count connection errors by kind, timeouts apart', () => {
    const failures = failuresOf(parseWrkSummary(figures({ errors: { connect: 1, read: 2, write: 3, timeout: 4, status: 0 } })));
    assert.deepEqual(failures, { connection: 6, timeouts: 4, non2xx: 0, servedNothing: false });
  });

  it("count redirects too when statuses were counted, else wrk's 4xx and 5xx", () => {
    assert.equal(failuresOf(parseWrkSummary(figures({ statuses: { '2xx': 10, '3xx': 4, '4xx': 3, '5xx': 2, other: 0 } }))).non2xx, 9);
    assert.equal(failuresOf(parseWrkSummary(figures({ errors: { connect: 0, read: 0, write: 0, timeout: 0, status: 5 } }))).non2xx, 5);
  });

  it('include a run that served nothing', () => {
    assert.equal(failuresOf(parseWrkSummary(figures({ requests: 0 }))).servedNothing, true);
  });
});
