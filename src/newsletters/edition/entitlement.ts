import { listAccountRoles } from '../../accounts/account-repository.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../../commerce/commerce-settings.ts';
import { listLatestSubscriptions } from '../../commerce/subscription-repository.ts';
import type { Database } from '../../db/database.ts';
import { readsWhole, type Reader } from '../../access/reader.ts';
import { listTiersByPlan } from '../../commerce/tier-repository.ts';
import { listLiveGiftPlansOf } from '../../gift-subscriptions/gift-subscription-repository.ts';
import { listMemberPlansOf } from '../../organisations/organisation-access.ts';
import { listComplimentaryAccessOf } from '../../readers/complimentary-access-repository.ts';
import { entitledReaderOf } from '../../readers/entitled-reader.ts';
import type { DeliveryVariant } from '../newsletter-tables.ts';

/**
 * A recipient entitled to read every article of the send whole, the tiers they require included,
 * gets the full copy; anyone else each locked article's preview and a link, which opens on the site
 * whatever their subscription does open. `reader` is the recipient when entitled, else undefined.
 */
export function variantOf(reader: Reader | undefined, requiredTiers: readonly string[]): DeliveryVariant {
  if (reader === undefined || !readsWhole(reader, null)) return 'preview';
  return requiredTiers.every((tier) => readsWhole(reader, tier)) ? 'full' : 'preview';
}

/**
 * Ids per query: well under SQLite's limit on bound parameters (999 before 3.32) and PostgreSQL's
 * 65,535, and small enough that a batch of a large send holds little memory.
 */
export const entitlementBatchSize = 500;

/**
 * Which of these accounts are entitled at `now`, as the readers they are (with their tiers), by the
 * site's rule (readers/entitled-reader.ts), asked in batches of five queries each (roles, latest
 * subscriptions, complimentary grants, live gift subscriptions, seats). An id with no account is not
 * entitled.
 */
export async function entitledAccounts(db: Database, accountIds: readonly number[], now: Date): Promise<Map<number, Reader>> {
  const entitled = new Map<number, Reader>();
  const unique = [...new Set(accountIds)];
  if (unique.length === 0) return entitled;
  const [settings, tiersByPlan] = await Promise.all([readCommerceSettings(db), listTiersByPlan(db)]);
  const context = { clock: { now, gracePeriodMs: gracePeriodMsOf(settings) }, tiersByPlan };
  for (let start = 0; start < unique.length; start += entitlementBatchSize) {
    const batch = unique.slice(start, start + entitlementBatchSize);
    const [roles, subscriptions, grants, gifts, seats] = await Promise.all([
      listAccountRoles(db, batch),
      listLatestSubscriptions(db, batch),
      listComplimentaryAccessOf(db, batch),
      listLiveGiftPlansOf(db, batch, now),
      listMemberPlansOf(db, batch, now),
    ]);
    const grantsByAccount = Map.groupBy(grants, (grant) => grant.accountId);
    for (const accountId of batch) {
      const role = roles.get(accountId);
      if (role === undefined) continue;
      const facts = {
        role,
        latestSubscription: subscriptions.get(accountId),
        complimentaryAccess: grantsByAccount.get(accountId) ?? [],
        grantedPlanIds: [...(gifts.get(accountId) ?? []), ...(seats.get(accountId) ?? [])],
      };
      const reader = entitledReaderOf(accountId, facts, context);
      if (reader !== null) entitled.set(accountId, reader);
    }
  }
  return entitled;
}
