import type { Database } from '../db/database.ts';
import { maySubscribe } from './may-subscribe.ts';
import type { Newsletter } from './newsletter-repository.ts';
import { subscribe } from './subscriptions.ts';

/** The newsletters the registration form offers: those a registered reader may join. */
export function registrationNewsletters(active: readonly Newsletter[]): Newsletter[] {
  return active.filter((newsletter) => maySubscribe(newsletter.audience, 'registered'));
}

/** The ticked ids the form offered; anything else is dropped, never trusted. */
export function chosenAtRegistration(active: readonly Newsletter[], ticked: readonly number[]): number[] {
  return registrationNewsletters(active)
    .filter(({ id }) => ticked.includes(id))
    .map(({ id }) => id);
}

/** The ids a stored request names, read back defensively: the column is JSON text. */
export function storedNewsletterIds(text: string): number[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((id): id is number => Number.isSafeInteger(id) && id > 0) : [];
}

/**
 * Subscribes a reader who has just registered to the newsletters they ticked that a registered
 * reader may still join (one archived meanwhile is skipped), with registration as the consent's
 * source. In the transaction that makes the account. Gives the ids subscribed.
 */
export async function subscribeAtRegistration(
  db: Database,
  { accountId, chosen, now }: { accountId: number; chosen: readonly number[]; now: Date },
): Promise<number[]> {
  if (chosen.length === 0) return [];
  const rows = await db.selectFrom('newsletters').select(['id', 'audience']).where('id', 'in', chosen).where('status', '=', 'active').orderBy('id').execute();
  const newsletterIds = rows.filter(({ audience }) => maySubscribe(audience, 'registered')).map(({ id }) => id);
  await subscribe(db, { accountId, newsletterIds, source: 'registration', now });
  return newsletterIds;
}
