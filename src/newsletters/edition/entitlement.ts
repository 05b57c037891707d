import { isStaff, type Role } from '../../accounts/account.ts';
import { listAccountRoles } from '../../accounts/account-repository.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../../commerce/commerce-settings.ts';
import { standingOf } from '../../commerce/entitlement.ts';
import { listLatestSubscriptions, type Subscription } from '../../commerce/subscription-repository.ts';
import type { Database } from '../../db/database.ts';
import { isComplimentaryLive, type ComplimentaryAccess } from '../../readers/complimentary-access.ts';
import { listComplimentaryAccessOf } from '../../readers/complimentary-access-repository.ts';
import type { DeliveryVariant } from '../newsletter-tables.ts';

/** An entitled recipient gets every article whole; anyone else each locked article's preview and a link. */
export function variantOf(entitled: boolean): DeliveryVariant {
  return entitled ? 'full' : 'preview';
}

/** What decides one reader's entitlement, read for many at once. */
export type EntitlementFacts = {
  role: Role;
  latestSubscription: Subscription | undefined;
  complimentaryAccess: readonly Pick<ComplimentaryAccess, 'startsAt' | 'endsAt' | 'revokedAt'>[];
};

/**
 * The site's rule for who reads everything (http/reader-identity.ts's readerOf, which a domain may
 * not import, asks the same three things of one reader): staff; a live complimentary grant; the
 * latest subscription's standing, which commerce/entitlement.ts reads from its state and the clock,
 * grace period included.
 */
export function isEntitledReader({ role, latestSubscription, complimentaryAccess }: EntitlementFacts, clock: { now: Date; gracePeriodMs: number }): boolean {
  if (isStaff({ role })) return true;
  if (complimentaryAccess.some((grant) => isComplimentaryLive(grant, clock.now))) return true;
  return standingOf(latestSubscription, clock).kind === 'entitled';
}

/**
 * Ids per query: well under SQLite's limit on bound parameters (999 before 3.32) and PostgreSQL's
 * 65,535, and small enough that a batch of a large send holds little memory.
 */
export const entitlementBatchSize = 500;

/**
 * Which of these accounts are entitled at `now`, asked in batches of three queries each (roles,
 * latest subscriptions, complimentary grants). An id with no account is not entitled.
 */
export async function entitledAccounts(db: Database, accountIds: readonly number[], now: Date): Promise<Set<number>> {
  const entitled = new Set<number>();
  const unique = [...new Set(accountIds)];
  if (unique.length === 0) return entitled;
  const clock = { now, gracePeriodMs: gracePeriodMsOf(await readCommerceSettings(db)) };
  for (let start = 0; start < unique.length; start += entitlementBatchSize) {
    const batch = unique.slice(start, start + entitlementBatchSize);
    const [roles, subscriptions, grants] = await Promise.all([
      listAccountRoles(db, batch),
      listLatestSubscriptions(db, batch),
      listComplimentaryAccessOf(db, batch),
    ]);
    const grantsByAccount = Map.groupBy(grants, (grant) => grant.accountId);
    for (const accountId of batch) {
      const role = roles.get(accountId);
      if (role === undefined) continue;
      const facts = { role, latestSubscription: subscriptions.get(accountId), complimentaryAccess: grantsByAccount.get(accountId) ?? [] };
      if (isEntitledReader(facts, clock)) entitled.add(accountId);
    }
  }
  return entitled;
}
