import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { introOffer as intro, monthly, yearly } from '../../test/catalogue-fixtures.ts';
import type { Offer } from '../commerce/plan.ts';
import { choosePaywallOffers } from './paywall-offers.ts';

const now = new Date('2026-10-15T12:00:00Z');
const trial: Offer = { ...intro, id: 2, slug: 'trial', terms: { kind: 'free-trial', days: 14 } };
const annual: Offer = { ...intro, id: 3, planId: 2, slug: 'annual', terms: { kind: 'standard' } };
const ended: Offer = { ...intro, id: 4, slug: 'ended', endsAt: new Date('2026-10-01T00:00:00Z') };
const plans = [monthly, yearly];

describe("the paywall's offers", () => {
  it('are the two best the reader can take, the first marked best, each with the plan it sells', () => {
    assert.deepEqual(choosePaywallOffers({ offers: [annual, intro, trial, ended], plans, now, hasUsedTrial: false }), [
      { offer: trial, plan: monthly, isBest: true },
      { offer: intro, plan: monthly, isBest: false },
    ]);
  });

  it('leave out a free trial for a reader who has had one', () => {
    assert.deepEqual(choosePaywallOffers({ offers: [annual, intro, trial], plans, now, hasUsedTrial: true }), [
      { offer: intro, plan: monthly, isBest: true },
      { offer: annual, plan: yearly, isBest: false },
    ]);
  });

  it("are none when nothing can be taken, or an offer's plan is not among the plans", () => {
    assert.deepEqual(choosePaywallOffers({ offers: [ended], plans, now, hasUsedTrial: false }), []);
    assert.deepEqual(choosePaywallOffers({ offers: [annual], plans: [monthly], now, hasUsedTrial: false }), []);
  });

  it('are the chosen ones, in the order chosen, where the publication or a variant chose them, leaving out those the reader cannot take', () => {
    const offers = [annual, intro, trial, ended];
    assert.deepEqual(choosePaywallOffers({ offers, plans, now, hasUsedTrial: false, chosenOfferIds: [annual.id, trial.id] }), [
      { offer: annual, plan: yearly, isBest: true },
      { offer: trial, plan: monthly, isBest: false },
    ]);
    assert.deepEqual(choosePaywallOffers({ offers, plans, now, hasUsedTrial: true, chosenOfferIds: [trial.id, ended.id, annual.id] }), [
      { offer: annual, plan: yearly, isBest: true },
    ]);
    assert.deepEqual(
      choosePaywallOffers({ offers, plans, now, hasUsedTrial: false, chosenOfferIds: null }),
      choosePaywallOffers({ offers, plans, now, hasUsedTrial: false }),
    );
  });

  describe('for an article that requires a tier', () => {
    const premiumMonthly = { ...monthly, id: 5, slug: 'premium', priceMinor: 2500, tiers: ['digital', 'premium'] };
    const premiumOffer: Offer = { ...intro, id: 6, planId: 5, slug: 'premium-standard', terms: { kind: 'standard' } };
    const withPremium = [monthly, yearly, premiumMonthly];

    it('are only those of plans giving the tier, even when cheaper offers of other plans exist', () => {
      assert.deepEqual(choosePaywallOffers({ offers: [intro, trial, premiumOffer], plans: withPremium, now, hasUsedTrial: false, requiredTier: 'premium' }), [
        { offer: premiumOffer, plan: premiumMonthly, isBest: true },
      ]);
    });

    it("are the best of them when none of the publication's chosen offers gives the tier", () => {
      const offers = [intro, trial, premiumOffer];
      assert.deepEqual(choosePaywallOffers({ offers, plans: withPremium, now, hasUsedTrial: false, chosenOfferIds: [trial.id], requiredTier: 'premium' }), [
        { offer: premiumOffer, plan: premiumMonthly, isBest: true },
      ]);
    });

    it('are none when no plan gives the tier', () => {
      assert.deepEqual(choosePaywallOffers({ offers: [intro, trial], plans, now, hasUsedTrial: false, requiredTier: 'premium' }), []);
    });
  });
});
