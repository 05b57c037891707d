import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maximumAssignments } from '../access/meter-cookie.ts';
import { assignmentOf, keptAssignments, pickVariant } from './assign-variant.ts';
import type { RunningExperiment, Variant } from './experiment.ts';

const variant = (key: string, share: number): Variant => ({ key, name: key, share, change: { kind: 'registration-wall', after: share } });
const experiment: RunningExperiment = { id: 7, kind: 'registration-wall', variants: [variant('a', 20), variant('b', 30), variant('c', 50)] };

describe('drawing a variant', () => {
  it('lays the shares end to end: 20 % A, 30 % B, 50 % C', () => {
    const keys = [0, 0.1999, 0.2, 0.4999, 0.5, 0.9999].map((draw) => pickVariant(experiment.variants, draw).key);
    assert.deepEqual(keys, ['a', 'a', 'b', 'b', 'c', 'c']);
  });

  it('gives each variant its share of many readers', () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 10_000; index += 1) {
      const key = pickVariant(experiment.variants, index / 10_000).key;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(counts), { a: 2000, b: 3000, c: 5000 });
  });
});

describe("a reader's variant", () => {
  it('stays the one they were given, without drawing again', () => {
    const { assignment, isNew } = assignmentOf(experiment, [{ experimentId: 7, variant: 'c' }], () => assert.fail('no draw'));
    assert.deepEqual(assignment, { experimentId: 7, variant: 'c' });
    assert.equal(isNew, false);
  });

  it('is drawn for a reader who has none, or one the experiment does not have', () => {
    assert.deepEqual(
      assignmentOf(experiment, [], () => 0.3),
      { assignment: { experimentId: 7, variant: 'b' }, isNew: true },
    );
    assert.deepEqual(
      assignmentOf(experiment, [{ experimentId: 7, variant: 'z' }], () => 0.1),
      { assignment: { experimentId: 7, variant: 'a' }, isNew: true },
    );
    assert.deepEqual(assignmentOf(experiment, [{ experimentId: 8, variant: 'a' }], () => 0.9).assignment, { experimentId: 7, variant: 'c' });
  });
});

describe("the assignments a browser's cookie keeps", () => {
  it('joins the new to the held, ascending, and lets go of ended experiments', () => {
    const kept = keptAssignments(
      [
        { experimentId: 9, variant: 'a' },
        { experimentId: 3, variant: 'b' },
      ],
      [{ experimentId: 5, variant: 'c' }],
      new Set([5, 9]),
    );
    assert.deepEqual(kept, [
      { experimentId: 5, variant: 'c' },
      { experimentId: 9, variant: 'a' },
    ]);
  });

  it('never holds more than the cookie has room for', () => {
    const ids = Array.from({ length: maximumAssignments + 5 }, (_, index) => index + 1);
    const kept = keptAssignments(
      ids.map((experimentId) => ({ experimentId, variant: 'a' })),
      [],
      new Set(ids),
    );
    assert.equal(kept.length, maximumAssignments);
  });
});
