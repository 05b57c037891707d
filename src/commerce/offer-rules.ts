import type { Offer, Plan } from './plan.ts';

export type OfferUnavailability = 'retired' | 'plan-retired' | 'not-started' | 'ended' | 'sold-out' | 'trial-used';

/**
 * Whether an offer can be shown and redeemed now, by this reader. The same rule guards the offers
 * page, the paywall and checkout, so a crafted request cannot redeem what is not shown.
 */
export function checkOffer({ offer, plan, now, hasUsedTrial }: { offer: Offer; plan: Plan; now: Date; hasUsedTrial: boolean }): OfferUnavailability | null {
  if (offer.isRetired) return 'retired';
  if (!plan.isActive) return 'plan-retired';
  if (offer.startsAt !== null && now < offer.startsAt) return 'not-started';
  if (offer.endsAt !== null && now >= offer.endsAt) return 'ended';
  if (offer.redemptionCap !== null && offer.redemptionCount >= offer.redemptionCap) return 'sold-out';
  if (offer.terms.kind === 'free-trial' && hasUsedTrial) return 'trial-used';
  return null;
}

export const unavailabilityMessages: Record<OfferUnavailability, string> = {
  retired: 'That offer is no longer available.',
  'plan-retired': 'That plan is no longer sold.',
  'not-started': 'That offer has not started yet.',
  ended: 'That offer has ended.',
  'sold-out': 'That offer has been fully taken up.',
  'trial-used': 'You have already had a free trial. Choose another offer to subscribe.',
};

/** What a reader pays at first, per the offer, in minor units (0 for a trial): also how "best" offers are ranked. */
export function firstChargeMinor(offer: Offer, plan: Plan): number {
  switch (offer.terms.kind) {
    case 'free-trial':
      return 0;
    case 'introductory-price':
      return offer.terms.priceMinor;
    case 'standard':
      return plan.priceMinor;
  }
}

/** How many offers a paywall shows, on the web and in the apps alike. */
export const paywallOfferCount = 2;

/**
 * Every offer this reader can take now, best first: cheapest start first, those ending soonest first
 * among equals. The paywall shows the first few and the offers page all of them, so both agree on
 * which is best.
 */
export function rankOffers({
  offers,
  plans,
  now,
  hasUsedTrial,
}: {
  offers: readonly Offer[];
  plans: readonly Plan[];
  now: Date;
  hasUsedTrial: boolean;
}): Offer[] {
  const planById = new Map(plans.map((plan) => [plan.id, plan]));
  return offers
    .flatMap((offer) => {
      const plan = planById.get(offer.planId);
      return plan && checkOffer({ offer, plan, now, hasUsedTrial }) === null ? [{ offer, plan }] : [];
    })
    .sort(
      (a, b) =>
        firstChargeMinor(a.offer, a.plan) - firstChargeMinor(b.offer, b.plan) ||
        (a.offer.endsAt?.getTime() ?? Infinity) - (b.offer.endsAt?.getTime() ?? Infinity) ||
        a.offer.id - b.offer.id,
    )
    .map(({ offer }) => offer);
}

/** The one offer to put first and mark "Best offer", on the paywall and the offers page alike; null when none can be taken. */
export function chooseBestOffer(question: { offers: readonly Offer[]; plans: readonly Plan[]; now: Date; hasUsedTrial: boolean }): Offer | null {
  return rankOffers(question)[0] ?? null;
}

/** The offers to put on the paywall: the best `count` of them. */
export function pickBestOffers({
  count,
  ...question
}: {
  offers: readonly Offer[];
  plans: readonly Plan[];
  now: Date;
  hasUsedTrial: boolean;
  count: number;
}): Offer[] {
  return rankOffers(question).slice(0, count);
}
