import { paywallOfferCount, rankOffers } from '../commerce/offer-rules.ts';
import type { Offer, Plan } from '../commerce/plan.ts';

/** An offer on the paywall, with the plan it sells and whether it is the one marked "Best offer". */
export type PaywallOffer = { offer: Offer; plan: Plan; isBest: boolean };

/** What the paywall of a preview offers: the best offers this reader can take (a reader who has had a trial is not offered another). */
export type Paywall = { hasUsedTrial: boolean; offers: PaywallOffer[] };

/**
 * The offers a paywall shows, best first, with the plans they sell: the same for the site and the
 * apps. They are ranked once, as pickBestOffers and chooseBestOffer both rank them, so the first is
 * the best: a preview is chosen for on every read, cached page or not. Where the publication (or an
 * experiment's variant) has chosen the paywall's offers (`chosenOfferIds`), those of them this
 * reader can take now are shown, in the order chosen.
 */
export function choosePaywallOffers(question: {
  offers: readonly Offer[];
  plans: readonly Plan[];
  now: Date;
  hasUsedTrial: boolean;
  chosenOfferIds?: readonly number[] | null;
}): PaywallOffer[] {
  const planById = new Map(question.plans.map((plan) => [plan.id, plan]));
  const ranked = rankOffers(question);
  const chosen = question.chosenOfferIds ?? null;
  const shown = chosen === null ? ranked : chosen.flatMap((id) => ranked.filter((offer) => offer.id === id));
  return shown.slice(0, paywallOfferCount).flatMap((offer, index) => {
    const plan = planById.get(offer.planId);
    return plan ? [{ offer, plan, isBest: index === 0 }] : [];
  });
}
