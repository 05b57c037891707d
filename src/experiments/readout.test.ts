import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Variant } from './experiment.ts';
import { differenceOfRates, readExperiment } from './readout.ts';

const variants: Variant[] = [
  { key: 'a', name: 'Three', share: 50, change: { kind: 'meter-limit', reader: 'anonymous', limit: 3 } },
  { key: 'b', name: 'Five', share: 50, change: { kind: 'meter-limit', reader: 'anonymous', limit: 5 } },
];

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 5e-6, `${what}: ${actual} ≠ ${expected}`);

describe('the difference between two variants, with its 95 % interval', () => {
  it('matches a worked example: 50 of 1,000 against 70 of 1,000', () => {
    // 0.07 − 0.05 = 0.02; SE = √(0.05·0.95/1000 + 0.07·0.93/1000) = √0.0001126 = 0.0106113;
    // margin = 1.959964 · 0.0106113 = 0.0207977; interval −0.0007977 to 0.0407977.
    const difference = differenceOfRates({ readers: 1000, conversions: 50 }, { readers: 1000, conversions: 70 });
    close(difference.estimate, 0.02, 'estimate');
    close(difference.low, -0.0007977, 'low');
    close(difference.high, 0.0407977, 'high');
  });

  it('is the same interval mirrored when the variants swap', () => {
    const forward = differenceOfRates({ readers: 400, conversions: 30 }, { readers: 600, conversions: 33 });
    const back = differenceOfRates({ readers: 600, conversions: 33 }, { readers: 400, conversions: 30 });
    close(forward.estimate, -back.estimate, 'estimate');
    close(forward.low, -back.high, 'bounds');
  });
});

describe('the readout of an experiment', () => {
  it('says "not yet" while a variant has fewer readers than planned, however good it looks', () => {
    const readout = readExperiment({
      variants,
      tallies: [
        { variant: 'a', readers: 900, conversions: 9, articlesRead: 2700 },
        { variant: 'b', readers: 1000, conversions: 90, articlesRead: 4000 },
      ],
      plannedReadersPerVariant: 1000,
    });
    assert.deepEqual(readout.verdict, { kind: 'not-yet', readersToGo: 100 });
    assert.equal(readout.variants[0]?.hasReachedPlan, false);
    assert.equal(readout.variants[1]?.hasReachedPlan, true);
  });

  it("gives each variant its rate, its guardrail and its difference from the control's", () => {
    const readout = readExperiment({
      variants,
      tallies: [
        { variant: 'a', readers: 1000, conversions: 50, articlesRead: 3000 },
        { variant: 'b', readers: 1000, conversions: 70, articlesRead: 4500 },
      ],
      plannedReadersPerVariant: 1000,
    });
    const [control, treated] = readout.variants;
    assert.equal(control?.rate, 0.05);
    assert.equal(control?.difference, null);
    assert.equal(control?.articlesPerReader, 3);
    assert.equal(treated?.rate, 0.07);
    assert.equal(treated?.articlesPerReader, 4.5);
    close(treated?.difference?.low ?? Number.NaN, -0.0007977, 'low');
    // The interval reaches below zero: no winner, though B looks better.
    assert.deepEqual(readout.verdict, { kind: 'no-difference' });
  });

  it('names the winner once its interval lies wholly above zero', () => {
    const readout = readExperiment({
      variants,
      tallies: [
        { variant: 'a', readers: 2000, conversions: 100, articlesRead: 0 },
        { variant: 'b', readers: 2000, conversions: 150, articlesRead: 0 },
      ],
      plannedReadersPerVariant: 2000,
    });
    assert.deepEqual(readout.verdict, { kind: 'winner', variant: 'b' });
  });

  it('says the control holds when every other variant does worse beyond chance', () => {
    const readout = readExperiment({
      variants,
      tallies: [
        { variant: 'a', readers: 2000, conversions: 150, articlesRead: 0 },
        { variant: 'b', readers: 2000, conversions: 100, articlesRead: 0 },
      ],
      plannedReadersPerVariant: 2000,
    });
    assert.deepEqual(readout.verdict, { kind: 'control-holds' });
  });

  it('shows variants nobody has met yet as empty rather than as zero', () => {
    const readout = readExperiment({ variants, tallies: [], plannedReadersPerVariant: 10 });
    assert.equal(readout.variants[0]?.rate, null);
    assert.equal(readout.variants[1]?.difference, null);
    assert.deepEqual(readout.verdict, { kind: 'not-yet', readersToGo: 20 });
  });
});
