import { saveOffer, savePlan } from '../src/commerce/catalogue-repository.ts';
import { insertSubscription } from '../src/commerce/subscription-repository.ts';
import type { Database } from '../src/db/database.ts';

/** A monthly plan with an introductory offer, a free trial, one that has ended, one sold out, and a retired plan's offer. */
export async function seedCatalogue(db: Database, now: Date): Promise<void> {
  const day = 24 * 60 * 60 * 1000;
  await savePlan(
    db,
    { slug: 'digital', name: 'Digital', benefits: ['Unlimited access'], priceMinor: 1500, currency: 'USD', interval: 'month', isActive: true },
    now,
  );
  await savePlan(db, { slug: 'old-print', name: 'Print bundle', benefits: [], priceMinor: 3000, currency: 'USD', interval: 'month', isActive: false }, now);
  const common = { copy: '', startsAt: null, redemptionCap: null, isRetired: false };
  await saveOffer(
    db,
    {
      ...common,
      slug: 'intro',
      planSlug: 'digital',
      headline: 'Try 3 months for $9',
      terms: { kind: 'introductory-price', priceMinor: 300, periods: 3 },
      endsAt: new Date(now.getTime() + 30 * day),
    },
    now,
  );
  await saveOffer(
    db,
    { ...common, slug: 'trial', planSlug: 'digital', headline: 'Two weeks free', terms: { kind: 'free-trial', days: 14 }, endsAt: null },
    now,
  );
  await saveOffer(
    db,
    { ...common, slug: 'ended', planSlug: 'digital', headline: 'Summer offer', terms: { kind: 'standard' }, endsAt: new Date(now.getTime() - day) },
    now,
  );
  await saveOffer(
    db,
    { ...common, slug: 'limited', planSlug: 'digital', headline: 'First ten only', terms: { kind: 'standard' }, endsAt: null, redemptionCap: 1 },
    now,
  );
  await saveOffer(db, { ...common, slug: 'print', planSlug: 'old-print', headline: 'Print and digital', terms: { kind: 'standard' }, endsAt: null }, now);
}

/** A subscription in good standing for a month from now, taken in test mode at the plan's full price. */
export async function addActiveSubscription(db: Database, { accountId, planId, now }: { accountId: number; planId: number; now: Date }): Promise<number> {
  return insertSubscription(
    db,
    {
      accountId,
      planId,
      offerId: null,
      provider: 'test',
      providerSubscriptionId: null,
      providerCustomerId: null,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: {
        status: 'active',
        currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000),
        trialEnd: null,
        pastDueSince: null,
        endedFrom: null,
        resumeTo: null,
      },
    },
    now,
  );
}
