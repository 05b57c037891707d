import type { Database } from '../db/database.ts';
import { choosableNewsletters, type SubscriberStanding } from './may-subscribe.ts';
import { listActiveNewsletters, type Newsletter, subscribedNewsletterIds } from './newsletter-repository.ts';
import type { ConsentSource, UnsubscribeSource } from './newsletter-tables.ts';
import { planChoices, subscribe, unsubscribe } from './subscriptions.ts';

/** A newsletter as a reader's preference centre shows it: offered to them, and whether they are on it. */
export type NewsletterChoice = Newsletter & { isSubscribed: boolean };

/** The newsletters a reader may tick or untick now, each with whether they are on it. */
export async function readNewsletterChoices(
  db: Database,
  { accountId, standing }: { accountId: number; standing: SubscriberStanding },
): Promise<NewsletterChoice[]> {
  const [newsletters, subscribed] = await Promise.all([listActiveNewsletters(db), subscribedNewsletterIds(db, accountId)]);
  return choosableNewsletters(newsletters, { standing, subscribed }).map((newsletter) => ({ ...newsletter, isSubscribed: subscribed.has(newsletter.id) }));
}

/**
 * Saves a reader's ticks from a preference centre: those offered and ticked are subscribed (with the
 * consent's source), those offered and left unticked are left (with how). Ids never offered to this
 * reader are ignored, so a forged form can join nobody to a subscribers' newsletter.
 */
export async function saveNewsletterChoices(
  db: Database,
  {
    accountId,
    standing,
    chosen,
    consentSource,
    unsubscribeSource,
    now,
  }: {
    accountId: number;
    standing: SubscriberStanding;
    chosen: ReadonlySet<number>;
    consentSource: ConsentSource;
    unsubscribeSource: UnsubscribeSource;
    now: Date;
  },
): Promise<{ subscribed: number[]; unsubscribed: number[] }> {
  return db.transaction().execute(async (trx) => {
    const [newsletters, subscribed] = await Promise.all([listActiveNewsletters(trx), subscribedNewsletterIds(trx, accountId)]);
    const offered = choosableNewsletters(newsletters, { standing, subscribed }).map(({ id }) => id);
    const { toSubscribe, toUnsubscribe } = planChoices({ subscribed, offered, chosen });
    await subscribe(trx, { accountId, newsletterIds: toSubscribe, source: consentSource, now });
    await unsubscribe(trx, { accountId, newsletterIds: toUnsubscribe, source: unsubscribeSource, now });
    return { subscribed: toSubscribe, unsubscribed: toUnsubscribe };
  });
}
