import type { Database } from '../db/database.ts';
import type { ConsentSource, UnsubscribeSource } from './newsletter-tables.ts';

/**
 * What a reader's choices change, worked out from what they are subscribed to now: the newsletters
 * they ticked and are not on yet, and those they were offered, left unticked and are on. A
 * newsletter not offered (archived, or beyond their standing) is left as it is either way.
 */
export function planChoices({ subscribed, offered, chosen }: { subscribed: ReadonlySet<number>; offered: readonly number[]; chosen: ReadonlySet<number> }): {
  toSubscribe: number[];
  toUnsubscribe: number[];
} {
  return {
    toSubscribe: offered.filter((id) => chosen.has(id) && !subscribed.has(id)),
    toUnsubscribe: offered.filter((id) => !chosen.has(id) && subscribed.has(id)),
  };
}

/**
 * Subscribes a reader, keeping where and when they said yes. Already subscribed, their first
 * consent stands; subscribing again after leaving is a new consent, with its own source and time.
 */
export async function subscribe(
  db: Database,
  { accountId, newsletterIds, source, now }: { accountId: number; newsletterIds: readonly number[]; source: ConsentSource; now: Date },
): Promise<void> {
  if (newsletterIds.length === 0) return;
  const at = now.toISOString();
  await db
    .insertInto('newsletter_subscriptions')
    .values(
      newsletterIds.map((newsletterId) => ({
        newsletter_id: newsletterId,
        account_id: accountId,
        status: 'subscribed' as const,
        consent_source: source,
        consented_at: at,
        unsubscribed_at: null,
        unsubscribe_source: null,
        updated_at: at,
      })),
    )
    .onConflict((conflict) =>
      conflict
        .columns(['newsletter_id', 'account_id'])
        .doUpdateSet({ status: 'subscribed', consent_source: source, consented_at: at, unsubscribed_at: null, unsubscribe_source: null, updated_at: at })
        .where('newsletter_subscriptions.status', '=', 'unsubscribed'),
    )
    .execute();
}

/**
 * Unsubscribes a reader, keeping their consent's record with when and how they left. Whether it
 * changed anything: leaving twice (a mail client's one-click POST, then the reader's own) is no error.
 */
export async function unsubscribe(
  db: Database,
  { accountId, newsletterIds, source, now }: { accountId: number; newsletterIds: readonly number[]; source: UnsubscribeSource; now: Date },
): Promise<boolean> {
  if (newsletterIds.length === 0) return false;
  const at = now.toISOString();
  const result = await db
    .updateTable('newsletter_subscriptions')
    .set({ status: 'unsubscribed', unsubscribed_at: at, unsubscribe_source: source, updated_at: at })
    .where('account_id', '=', accountId)
    .where('newsletter_id', 'in', newsletterIds)
    .where('status', '=', 'subscribed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
