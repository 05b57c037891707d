import type { Database } from '../db/database.ts';
import type { ConsentSource, NewsletterAudience, NewsletterCadence, SuppressionReason, SuppressionSource, UnsubscribeSource } from './newsletter-tables.ts';

/** A newsletter as a reader chooses it. */
export type Newsletter = {
  id: number;
  slug: string;
  name: string;
  description: string;
  cadence: NewsletterCadence;
  audience: NewsletterAudience;
};

/** A reader's consent to one newsletter, as it stands, with where and when it was given or taken back. */
export type ReaderSubscription = {
  newsletterId: number;
  newsletterName: string;
  isSubscribed: boolean;
  consentSource: ConsentSource;
  consentedAt: Date;
  unsubscribedAt: Date | null;
  unsubscribeSource: UnsubscribeSource | null;
};

/** The newsletters a reader may choose from now, oldest first, as the newsroom set them up. */
export async function listActiveNewsletters(db: Database): Promise<Newsletter[]> {
  return db
    .selectFrom('newsletters')
    .select(['id', 'slug', 'name', 'description', 'cadence', 'audience'])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

/** Every newsletter a reader has said yes to, including those they left: the consent record. */
export async function findReaderSubscriptions(db: Database, accountId: number): Promise<ReaderSubscription[]> {
  const rows = await db
    .selectFrom('newsletter_subscriptions')
    .innerJoin('newsletters', 'newsletters.id', 'newsletter_subscriptions.newsletter_id')
    .select([
      'newsletter_subscriptions.newsletter_id',
      'newsletters.name',
      'newsletter_subscriptions.status',
      'newsletter_subscriptions.consent_source',
      'newsletter_subscriptions.consented_at',
      'newsletter_subscriptions.unsubscribed_at',
      'newsletter_subscriptions.unsubscribe_source',
    ])
    .where('newsletter_subscriptions.account_id', '=', accountId)
    .orderBy('newsletters.id')
    .execute();
  return rows.map((row) => ({
    newsletterId: row.newsletter_id,
    newsletterName: row.name,
    isSubscribed: row.status === 'subscribed',
    consentSource: row.consent_source,
    consentedAt: new Date(row.consented_at),
    unsubscribedAt: row.unsubscribed_at === null ? null : new Date(row.unsubscribed_at),
    unsubscribeSource: row.unsubscribe_source,
  }));
}

/** The ids of the newsletters a reader is subscribed to now. */
export async function subscribedNewsletterIds(db: Database, accountId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('newsletter_subscriptions')
    .select('newsletter_id')
    .where('account_id', '=', accountId)
    .where('status', '=', 'subscribed')
    .execute();
  return new Set(rows.map((row) => row.newsletter_id));
}

/** A newsletter's name, archived or not, for the page that says which one a reader left; null for one deleted. */
export async function findNewsletterName(db: Database, id: number): Promise<string | null> {
  const row = await db.selectFrom('newsletters').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? null;
}

/** Why and since when no newsletter goes to an address, or null while mail may go to it. */
export type AddressSuppression = { reason: SuppressionReason; source: SuppressionSource; detail: string | null; since: Date };

export async function findSuppression(db: Database, email: string): Promise<AddressSuppression | null> {
  const row = await db.selectFrom('email_suppressions').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? { reason: row.reason, source: row.source, detail: row.detail, since: new Date(row.created_at) } : null;
}
