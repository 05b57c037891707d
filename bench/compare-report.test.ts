import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ComparedRun, comparisonRowOf, formatComparisonTable, medianOf } from './compare-report.ts';

const run = (requestsPerSecond: number, serverCpuMicrosecondsPerRequest: number, generatorCores = 0.4): ComparedRun => ({
  requestsPerSecond,
  serverCpuMicrosecondsPerRequest,
  p99Ms: 10,
  generatorCores,
});

describe("the bench's comparison of two revisions", () => {
  it('takes the middle run of an odd count, and the mean of the middle two of an even one', () => {
    assert.equal(medianOf([5, 1, 3]), 3);
    assert.equal(medianOf([4, 1, 3, 2]), 2.5);
    assert.throws(() => medianOf([]));
  });

  it("compares the sides' medians, so one slow round on a shared machine does not decide it", () => {
    const row = comparisonRowOf({
      scenario: 'home page',
      before: [run(10_000, 100), run(10_200, 98), run(4_000, 250)],
      after: [run(9_500, 105), run(9_700, 103), run(9_600, 104)],
    });
    assert.equal(row.before.requestsPerSecond, 10_000);
    assert.equal(row.after.requestsPerSecond, 9_600);
    assert.equal(row.speedRatio, 0.96);
    assert.equal(row.cpuRatio, 1.04);
  });

  it('keeps the busiest the load generator was, to show it was not what set the pace', () => {
    const row = comparisonRowOf({ scenario: 'feed.xml', before: [run(1, 1, 0.3)], after: [run(1, 1, 0.92)] });
    assert.equal(row.mostGeneratorCores, 0.92);
  });

  it('prints a slower, costlier after as a minus on speed and a plus on CPU', () => {
    const row = comparisonRowOf({ scenario: 'section front', before: [run(10_000, 100)], after: [run(9_000, 112)] });
    const table = formatComparisonTable([row], { before: 'abc1234', after: 'after' });
    assert.match(table, /\| section front \| 10000 \| 9000 \| −10 % \| 100 \| 112 \| \+12 % \|/);
    assert.match(table, /req\/s, abc1234/);
  });
});
