import { chooseBestOffer, paywallOfferCount, pickBestOffers } from '../commerce/offer-rules.ts';
import type { Offer, Plan } from '../commerce/plan.ts';

/** An offer on the paywall, with the plan it sells and whether it is the one marked "Best offer". */
export type PaywallOffer = { offer: Offer; plan: Plan; isBest: boolean };

/** What the paywall of a preview offers: the best offers this reader can take (a reader who has had a trial is not offered another). */
export type Paywall = { hasUsedTrial: boolean; offers: PaywallOffer[] };

/** The offers a paywall shows, best first, with the plans they sell: the same for the site and the apps. */
export function choosePaywallOffers(question: { offers: readonly Offer[]; plans: readonly Plan[]; now: Date; hasUsedTrial: boolean }): PaywallOffer[] {
  const best = chooseBestOffer(question);
  const planById = new Map(question.plans.map((plan) => [plan.id, plan]));
  return pickBestOffers({ ...question, count: paywallOfferCount }).flatMap((offer) => {
    const plan = planById.get(offer.planId);
    return plan ? [{ offer, plan, isBest: offer.id === best?.id }] : [];
  });
}
