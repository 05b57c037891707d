import type { SubscriptionState } from '../src/commerce/subscription.ts';

/**
 * The cases of who is entitled, shared by the site's rule (src/readers/entitled-reader.test.ts) and a
 * newsletter send's batch of it (src/newsletters/edition/entitlement.test.ts).
 */
export const now = new Date('2026-11-20T12:00:00Z');
export const day = 86_400_000;
export const at = (days: number) => new Date(now.getTime() + days * day);
/** The default grace period: seven days. */
export const clock = { now, gracePeriodMs: 7 * day };
export const context = { clock, tiersByPlan: new Map<number, string[]>() };

export const state = (overrides: Partial<SubscriptionState>): SubscriptionState => ({
  status: 'active',
  currentPeriodEnd: at(20),
  trialEnd: null,
  pastDueSince: null,
  endedFrom: null,
  resumeTo: null,
  ...overrides,
});

/** Each subscription state, and whether it entitles its reader at `now`. */
export const subscriptionStates: { name: string; state: SubscriptionState; isEntitled: boolean }[] = [
  { name: 'trialing', state: state({ status: 'trialing', trialEnd: at(5), currentPeriodEnd: at(5) }), isEntitled: true },
  { name: 'active', state: state({}), isEntitled: true },
  { name: 'active, renewal awaited within the grace period', state: state({ currentPeriodEnd: at(-2) }), isEntitled: true },
  { name: 'active, past its period and the grace period', state: state({ currentPeriodEnd: at(-8) }), isEntitled: false },
  { name: 'canceled, within what was paid', state: state({ status: 'canceled', resumeTo: 'active', currentPeriodEnd: at(3) }), isEntitled: true },
  { name: 'canceled, past what was paid', state: state({ status: 'canceled', resumeTo: 'active', currentPeriodEnd: at(-1) }), isEntitled: false },
  { name: 'past due within the grace period', state: state({ status: 'past_due', pastDueSince: at(-3), currentPeriodEnd: at(-3) }), isEntitled: true },
  { name: 'past due beyond the grace period', state: state({ status: 'past_due', pastDueSince: at(-9), currentPeriodEnd: at(-9) }), isEntitled: false },
  { name: 'expired', state: state({ status: 'expired', endedFrom: 'subscription', currentPeriodEnd: at(-30) }), isEntitled: false },
];

export const grant = (overrides: { startsAt?: Date; endsAt?: Date | null; revokedAt?: Date | null }) => ({
  startsAt: at(-10),
  endsAt: null,
  revokedAt: null,
  ...overrides,
});
export const complimentaryGrants = [
  { name: 'open-ended', grant: grant({}), isEntitled: true },
  { name: 'until a later day', grant: grant({ endsAt: at(10) }), isEntitled: true },
  { name: 'ended', grant: grant({ endsAt: at(-1) }), isEntitled: false },
  { name: 'revoked', grant: grant({ revokedAt: at(-1) }), isEntitled: false },
  { name: 'not yet begun', grant: grant({ startsAt: at(1) }), isEntitled: false },
];

/** A subscription as the repository gives it; only its state matters here. */
export const fakeSubscription = {
  id: 1,
  accountId: 1,
  planId: 1,
  offerId: null,
  provider: 'test',
  providerSubscriptionId: null,
  state: state({}),
  introPeriodsLeft: 0,
  trialReminderSentAt: null,
  providerEventAt: null,
  version: 1,
} as const;
