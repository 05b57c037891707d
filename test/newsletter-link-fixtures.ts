import type { Database } from '../src/db/database.ts';
import { signNewsletterToken, type NewsletterLinkKey } from '../src/newsletters/newsletter-link.ts';

let counter = 0;

/** A newsletter, straight into its table: the lists and sends parts make them through their own screens. */
export async function insertNewsletter(db: Database, now: Date): Promise<{ id: number; slug: string }> {
  counter += 1;
  const slug = `morning-briefing-${counter}`;
  const row = await db
    .insertInto('newsletters')
    .values({
      slug,
      name: `Morning briefing ${counter}`,
      description: 'The day’s news before breakfast.',
      cadence: 'daily',
      sender_name: 'The Newsroom',
      sender_email: 'briefing@news.example',
      audience: 'anyone',
      template: 'edition',
      daily_section_id: null,
      daily_send_time: null,
      status: 'active',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), slug };
}

/** A sent edition of `newsletterId` carrying `articleIds`, in that order. */
export async function insertSentSend(
  db: Database,
  { newsletterId, articleIds, now }: { newsletterId: number; articleIds: readonly number[]; now: Date },
): Promise<number> {
  const row = await db
    .insertInto('newsletter_sends')
    .values({
      newsletter_id: newsletterId,
      kind: articleIds.length === 1 ? 'article' : 'digest',
      subject: 'Today’s briefing',
      intro: null,
      digest_day: null,
      status: 'sent',
      scheduled_for: now.toISOString(),
      queued_at: now.toISOString(),
      finished_at: now.toISOString(),
      created_by: null,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sendId = Number(row.id);
  for (const [position, articleId] of articleIds.entries()) {
    await db.insertInto('newsletter_send_articles').values({ send_id: sendId, article_id: articleId, position }).execute();
  }
  return sendId;
}

/** One recipient's copy of a send, as the senders leave it once mailed. */
export async function insertDelivery(db: Database, { sendId, accountId, now }: { sendId: number; accountId: number; now: Date }): Promise<number> {
  const row = await db
    .insertInto('newsletter_deliveries')
    .values({
      send_id: sendId,
      account_id: accountId,
      status: 'sent',
      variant: 'preview',
      lease_until: null,
      sent_at: now.toISOString(),
      error: null,
      first_clicked_at: null,
      links_revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * A newsletter with one sent edition carrying `articleIds`, delivered to `accountId`: the delivery,
 * and the `?nl=` token of each article's link in it (valid for thirty days from `now`).
 */
export async function deliverNewsletter(
  db: Database,
  key: NewsletterLinkKey,
  { accountId, articleIds, now }: { accountId: number; articleIds: readonly number[]; now: Date },
): Promise<{ deliveryId: number; newsletterSlug: string; tokenFor: (articleId: number) => string }> {
  const newsletter = await insertNewsletter(db, now);
  const sendId = await insertSentSend(db, { newsletterId: newsletter.id, articleIds, now });
  const deliveryId = await insertDelivery(db, { sendId, accountId, now });
  const expiresAt = new Date(now.getTime() + 30 * 24 * 3_600_000);
  return { deliveryId, newsletterSlug: newsletter.slug, tokenFor: (articleId) => signNewsletterToken({ articleId, deliveryId, expiresAt }, key) };
}

/** The delivery's click record. */
export async function clicksOf(db: Database, deliveryId: number): Promise<{ clicks: number; firstClickedAt: string | null }> {
  const row = await db.selectFrom('newsletter_deliveries').select(['clicks', 'first_clicked_at']).where('id', '=', deliveryId).executeTakeFirstOrThrow();
  return { clicks: Number(row.clicks), firstClickedAt: row.first_clicked_at };
}
