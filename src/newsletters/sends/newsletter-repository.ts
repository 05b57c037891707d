import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { Selectable } from 'kysely';
import type { NewsletterTables } from '../newsletter-tables.ts';
import type { NewsletterDraft } from './newsletter-draft.ts';

export type StoredNewsletter = Selectable<NewsletterTables['newsletters']>;

export type NewsletterListing = StoredNewsletter & { subscriberCount: number; lastSentAt: string | null };

export class NewsletterNotFoundError extends DomainError {
  override name = 'NewsletterNotFoundError';
  constructor() {
    super('There is no such newsletter.', { kind: 'not-found' });
  }
}

export class NewsletterSlugTakenError extends DomainError {
  override name = 'NewsletterSlugTakenError';
  constructor(slug: string) {
    super(`Another newsletter has the short name “${slug}”: choose another.`, { kind: 'conflict' }, { code: 'slug-taken' });
  }
}

/** Every newsletter, active first, with how many readers are subscribed and when a send last went out. */
export async function listNewsletters(db: Database): Promise<NewsletterListing[]> {
  const rows = await db
    .selectFrom('newsletters')
    .selectAll('newsletters')
    .select((eb) => [
      eb
        .selectFrom('newsletter_subscriptions')
        .select((count) => count.fn.countAll<number>().as('n'))
        .whereRef('newsletter_subscriptions.newsletter_id', '=', 'newsletters.id')
        .where('newsletter_subscriptions.status', '=', 'subscribed')
        .as('subscriber_count'),
      eb
        .selectFrom('newsletter_sends')
        .select((max) => max.fn.max('newsletter_sends.scheduled_for').as('at'))
        .whereRef('newsletter_sends.newsletter_id', '=', 'newsletters.id')
        .where('newsletter_sends.status', 'in', ['sending', 'sent'])
        .as('last_sent_at'),
    ])
    .orderBy('status')
    .orderBy('name')
    .execute();
  return rows.map(({ subscriber_count, last_sent_at, ...newsletter }) => ({
    ...newsletter,
    subscriberCount: Number(subscriber_count ?? 0),
    lastSentAt: last_sent_at ?? null,
  }));
}

export async function listActiveNewsletters(db: Database): Promise<StoredNewsletter[]> {
  return db.selectFrom('newsletters').selectAll().where('status', '=', 'active').orderBy('name').execute();
}

export async function findNewsletter(db: Database, id: number): Promise<StoredNewsletter> {
  const newsletter = await db.selectFrom('newsletters').selectAll().where('id', '=', id).executeTakeFirst();
  if (newsletter === undefined) throw new NewsletterNotFoundError();
  return newsletter;
}

function columnsOf(draft: NewsletterDraft) {
  return {
    slug: draft.slug,
    name: draft.name,
    description: draft.description,
    cadence: draft.cadence,
    sender_name: draft.senderName,
    sender_email: draft.senderEmail,
    audience: draft.audience,
    template: draft.template,
    daily_section_id: draft.daily?.sectionId ?? null,
    daily_send_time: draft.daily?.sendTime ?? null,
  };
}

export async function insertNewsletter(db: Database, draft: NewsletterDraft, now: Date): Promise<number> {
  try {
    const { id } = await db
      .insertInto('newsletters')
      .values({ ...columnsOf(draft), status: 'active', created_at: now.toISOString(), updated_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  } catch (error) {
    if (isUniqueViolation(error)) throw new NewsletterSlugTakenError(draft.slug);
    throw error;
  }
}

/** Saves the newsroom's changes; returns the newsletter as it was, for the audit line. */
export async function updateNewsletter(db: Database, id: number, draft: NewsletterDraft, now: Date): Promise<StoredNewsletter> {
  const before = await findNewsletter(db, id);
  try {
    await db
      .updateTable('newsletters')
      .set({ ...columnsOf(draft), updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new NewsletterSlugTakenError(draft.slug);
    throw error;
  }
  return before;
}

/**
 * Archives a newsletter or brings it back. An archived one is offered to no reader and takes no new
 * send; its subscribers' consent and its sends stay on record, and sends already scheduled are the
 * newsroom's to cancel one by one.
 */
export async function setNewsletterStatus(db: Database, id: number, status: StoredNewsletter['status'], now: Date): Promise<StoredNewsletter> {
  const before = await findNewsletter(db, id);
  await db.updateTable('newsletters').set({ status, updated_at: now.toISOString() }).where('id', '=', id).execute();
  return before;
}
