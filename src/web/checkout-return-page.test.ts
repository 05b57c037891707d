import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckoutReturn } from '../commerce/checkout-return.ts';
import { decideCheckoutReturnPage, askAgainSeconds, stopAskingAfterSeconds, usualWaitSeconds } from './checkout-return-page.ts';

const now = new Date('2026-11-20T17:00:00Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const nowSeconds = Math.floor(now.getTime() / 1000);
const decide = (settled: CheckoutReturn, waitingSince: Date | null = null) => decideCheckoutReturnPage(settled, { checkoutId: 'chk1', waitingSince, now });
const confirming = (returnPath: string | null): CheckoutReturn => ({ kind: 'confirming', returnPath, problem: null });

describe('what a reader back from checkout is shown', () => {
  it('is the story subscribed from, with the welcome, once the subscription has started; the account page when they came from there or nowhere', () => {
    assert.deepEqual(decide({ kind: 'subscribed', returnPath: '/world/harbour-strike' }), { kind: 'redirect', to: '/world/harbour-strike?welcome=subscribed' });
    assert.deepEqual(decide({ kind: 'subscribed', returnPath: '/account' }), { kind: 'redirect', to: '/account?changed=subscribed' });
    assert.deepEqual(decide({ kind: 'subscribed', returnPath: null }), { kind: 'redirect', to: '/account?changed=subscribed' });
    assert.deepEqual(decide({ kind: 'subscribed', returnPath: '//evil.example' }), { kind: 'redirect', to: '/account?changed=subscribed' });
  });

  it('is the confirmation page for the same offer and story, marked as left, when the provider says it was never paid', () => {
    assert.deepEqual(decide({ kind: 'unpaid', returnPath: '/world/harbour-strike', offerSlug: 'intro' }), {
      kind: 'redirect',
      to: '/checkout?offer=intro&return=%2Fworld%2Fharbour-strike&left=1',
    });
    assert.deepEqual(decide({ kind: 'unpaid', returnPath: null, offerSlug: 'intro' }), { kind: 'redirect', to: '/checkout?offer=intro&left=1' });
    assert.deepEqual(decide({ kind: 'unpaid', returnPath: 'https://evil.example/', offerSlug: 'intro' }), {
      kind: 'redirect',
      to: '/checkout?offer=intro&left=1',
    });
  });

  it("is nothing at all for a checkout that is not the reader's", () => {
    assert.deepEqual(decide({ kind: 'not-found' }), { kind: 'not-found' });
    assert.deepEqual(decide({ kind: 'not-found' }, secondsAgo(30)), { kind: 'not-found' });
  });

  it('is a page that waits, asking again every few seconds from the moment the reader first arrives', () => {
    assert.deepEqual(decide(confirming('/world/harbour-strike')), {
      kind: 'waiting',
      isTakingLong: false,
      askAgainAfterSeconds: askAgainSeconds.usual,
      checkAgainUrl: `/checkout/done?checkout=chk1&since=${nowSeconds}`,
      storyPath: '/world/harbour-strike',
    });
  });

  it('keeps the time of the first arrival as it asks again, and says so honestly once a minute has passed', () => {
    const cases: [number, boolean, number | null][] = [
      [0, false, askAgainSeconds.usual],
      [usualWaitSeconds - 1, false, askAgainSeconds.usual],
      [usualWaitSeconds, true, askAgainSeconds.long],
      [stopAskingAfterSeconds - 1, true, askAgainSeconds.long],
      [stopAskingAfterSeconds, true, null],
      [24 * 3600, true, null],
    ];
    for (const [waited, isTakingLong, askAfter] of cases) {
      const page = decide(confirming('/world/harbour-strike'), secondsAgo(waited));
      assert.equal(page.kind, 'waiting');
      if (page.kind !== 'waiting') continue;
      const since = nowSeconds - waited;
      assert.equal(page.isTakingLong, isTakingLong, `after ${waited} s`);
      assert.equal(page.askAgainAfterSeconds, askAfter, `after ${waited} s`);
      assert.equal(page.checkAgainUrl, `/checkout/done?checkout=chk1&since=${since}`);
    }
  });

  it('starts the wait now when the address claims a time still to come', () => {
    const page = decide(confirming('/world/harbour-strike'), new Date(now.getTime() + 3600_000));
    assert.equal(page.kind === 'waiting' && page.isTakingLong, false);
    assert.equal(page.kind === 'waiting' && page.checkAgainUrl, `/checkout/done?checkout=chk1&since=${nowSeconds}`);
  });

  it('links the waiting reader to the story only when they came from one', () => {
    const storyOf = (returnPath: string | null) => {
      const page = decide(confirming(returnPath));
      return page.kind === 'waiting' ? page.storyPath : 'not waiting';
    };
    assert.equal(storyOf('/world/harbour-strike'), '/world/harbour-strike');
    assert.equal(storyOf('/account'), null);
    assert.equal(storyOf(null), null);
    assert.equal(storyOf('//evil.example/x'), null);
  });
});
