import { isStaff, type Role } from '../accounts/account.ts';
import type { Lapse, Reader } from '../access/reader.ts';
import { standingOf, type SubscriptionStanding } from '../commerce/entitlement.ts';
import type { Subscription } from '../commerce/subscription-repository.ts';
import type { EndedMembership } from '../organisations/organisation-access.ts';
import { isComplimentaryLive, type ComplimentaryAccess } from './complimentary-access.ts';

/** What decides one account's entitlement, read for one reader (the site) or for many at once (a newsletter's send). */
export type EntitlementFacts = {
  role: Role;
  latestSubscription: Subscription | undefined;
  complimentaryAccess: readonly Pick<ComplimentaryAccess, 'startsAt' | 'endsAt' | 'revokedAt'>[];
  /** Plans the account reads with without paying for them: a live redeemed gift subscription's, a live seat's contract's. */
  grantedPlanIds: readonly number[];
};

export type EntitlementContext = { clock: { now: Date; gracePeriodMs: number }; tiersByPlan: ReadonlyMap<number, readonly string[]> };

/**
 * The site's one rule for who reads as a subscriber, and with which tiers: staff are staff; a live
 * complimentary grant opens every tier; otherwise the tiers of every plan the reader holds, the
 * latest subscription's while commerce/entitlement.ts finds it entitled (grace period included) and
 * each granted plan's, together. Null for an account holding none of them.
 */
export function entitledReaderOf(accountId: number, facts: EntitlementFacts, { clock, tiersByPlan }: EntitlementContext): Reader | null {
  if (isStaff({ role: facts.role })) return { kind: 'staff', readerId: accountId };
  if (facts.complimentaryAccess.some((grant) => isComplimentaryLive(grant, clock.now))) {
    return { kind: 'subscriber', readerId: accountId, tiers: 'every-tier' };
  }
  const subscription = facts.latestSubscription;
  const paidPlan = subscription !== undefined && standingOf(subscription, clock).kind === 'entitled' ? [subscription.planId] : [];
  const plans = [...paidPlan, ...facts.grantedPlanIds];
  if (plans.length === 0) return null;
  const tiers = new Set(plans.flatMap((planId) => tiersByPlan.get(planId) ?? []));
  return { kind: 'subscriber', readerId: accountId, tiers: [...tiers] };
}

/**
 * What a reader who reads on the meter again had before: a seat whose contract ended is named first,
 * since a member read through their organisation most lately; else the subscription or trial that ended.
 */
export function lapseOf(standing: SubscriptionStanding, endedSeat: EndedMembership | undefined): Lapse | null {
  if (endedSeat !== undefined) return { kind: 'organisation', organisationName: endedSeat.organisationName, endedAt: endedSeat.endedAt };
  return standing.kind === 'lapsed' ? standing.endedFrom : null;
}
