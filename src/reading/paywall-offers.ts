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
 * reader can take now are shown, in the order chosen. For an article that requires a tier, only
 * offers of plans giving it are shown: the chosen ones among them, else the best of them.
 */
export function choosePaywallOffers(question: {
  offers: readonly Offer[];
  plans: readonly Plan[];
  now: Date;
  hasUsedTrial: boolean;
  chosenOfferIds?: readonly number[] | null;
  /** The tier (slug) the article requires; null: any plan will do. */
  requiredTier?: string | null;
}): PaywallOffer[] {
  const requiredTier = question.requiredTier ?? null;
  const plans = requiredTier === null ? question.plans : question.plans.filter((plan) => plan.tiers.includes(requiredTier));
  const planById = new Map(plans.map((plan) => [plan.id, plan]));
  const ranked = rankOffers({ ...question, plans });
  const chosen = question.chosenOfferIds ?? null;
  const chosenShown = chosen === null ? [] : chosen.flatMap((id) => ranked.filter((offer) => offer.id === id));
  const shown = chosen === null || (chosenShown.length === 0 && requiredTier !== null) ? ranked : chosenShown;
  return shown.slice(0, paywallOfferCount).flatMap((offer, index) => {
    const plan = planById.get(offer.planId);
    return plan ? [{ offer, plan, isBest: index === 0 }] : [];
  });
}
