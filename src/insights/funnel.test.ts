import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFunnel, funnelStepsOf, type FunnelStep } from './funnel.ts';

describe('the funnel', () => {
  it('puts each event on its steps', () => {
    assert.deepEqual(funnelStepsOf({ kind: 'article-read', detail: 'free' }), ['readers']);
    assert.deepEqual(funnelStepsOf({ kind: 'article-read', detail: 'entitled' }), ['readers']);
    assert.deepEqual(funnelStepsOf({ kind: 'article-read', detail: 'metered-counted' }), ['readers', 'metered-readers']);
    assert.deepEqual(funnelStepsOf({ kind: 'article-read', detail: 're-read' }), ['readers', 'metered-readers']);
    assert.deepEqual(funnelStepsOf({ kind: 'wall-shown', detail: 'meter-exhausted' }), ['wall-hits']);
    assert.deepEqual(funnelStepsOf({ kind: 'offer-chosen', detail: null }), ['offers-chosen']);
    assert.deepEqual(funnelStepsOf({ kind: 'checkout-started', detail: null }), ['checkouts']);
    assert.deepEqual(funnelStepsOf({ kind: 'subscription-started', detail: 'paid' }), ['paid']);
    assert.deepEqual(funnelStepsOf({ kind: 'subscription-started', detail: 'trial' }), []);
    assert.deepEqual(funnelStepsOf({ kind: 'trial-converted', detail: null }), ['paid']);
    for (const kind of ['offer-shown', 'renewed', 'canceled', 'registered', 'gift-opened', 'experiment-exposure']) {
      assert.deepEqual(funnelStepsOf({ kind, detail: null }), [], kind);
    }
  });

  it('gives each step its share of the step before, this period and the previous', () => {
    const current: Record<FunnelStep, number> = { readers: 1000, 'metered-readers': 400, 'wall-hits': 100, 'offers-chosen': 20, checkouts: 10, paid: 5 };
    const previous: Record<FunnelStep, number> = { readers: 800, 'metered-readers': 0, 'wall-hits': 0, 'offers-chosen': 0, checkouts: 0, paid: 0 };
    const funnel = buildFunnel(current, previous);
    assert.deepEqual(
      funnel.map((row) => [row.step, row.readers, row.rate, row.previousReaders, row.previousRate]),
      [
        ['readers', 1000, null, 800, null],
        ['metered-readers', 400, 0.4, 0, 0],
        ['wall-hits', 100, 0.25, 0, null],
        ['offers-chosen', 20, 0.2, 0, null],
        ['checkouts', 10, 0.5, 0, null],
        ['paid', 5, 0.5, 0, null],
      ],
    );
    assert.equal(funnel[0]?.label, 'Readers');
  });
});
