import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plannedReadersPerVariant } from './sample-size.ts';

describe('the sample planned before an experiment starts', () => {
  it('needs 8,158 readers a variant to find 5 % → 6 %, worked by hand', () => {
    // p̄ = 0.055; 1.95996·√(2·0.055·0.945) = 0.63192; 0.84162·√(0.05·0.95 + 0.06·0.94) = 0.27129;
    // (0.63192 + 0.27129)² / 0.01² = 8157.9, rounded up.
    assert.equal(plannedReadersPerVariant({ baseRate: 0.05, minimumEffect: 0.01 }), 8158);
  });

  it('needs 3,826 readers a variant to find 2 % → 3 %', () => {
    assert.equal(plannedReadersPerVariant({ baseRate: 0.02, minimumEffect: 0.01 }), 3826);
  });

  it('needs about four times the readers to find half the effect', () => {
    const whole = plannedReadersPerVariant({ baseRate: 0.1, minimumEffect: 0.02 });
    const half = plannedReadersPerVariant({ baseRate: 0.1, minimumEffect: 0.01 });
    assert.ok(half / whole > 3.7 && half / whole < 4.1, `${half} / ${whole}`);
  });

  it('refuses rates that are not proportions', () => {
    for (const wrong of [
      { baseRate: 0, minimumEffect: 0.01 },
      { baseRate: 0.5, minimumEffect: 0 },
      { baseRate: 0.5, minimumEffect: -0.1 },
      { baseRate: 0.95, minimumEffect: 0.05 },
      { baseRate: 1, minimumEffect: 0.01 },
      { baseRate: Number.NaN, minimumEffect: 0.01 },
    ]) {
      assert.throws(() => plannedReadersPerVariant(wrong), RangeError, JSON.stringify(wrong));
    }
  });
});
