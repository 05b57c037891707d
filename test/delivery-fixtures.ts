import type { Database } from '../src/db/database.ts';
import type { NewsletterAudience } from '../src/newsletters/newsletter-tables.ts';

/** A newsletter for sending tests. */
export async function addNewsletter(db: Database, { slug, audience = 'anyone' }: { slug: string; audience?: NewsletterAudience }, now: Date): Promise<number> {
  const stamp = now.toISOString();
  const row = await db
    .insertInto('newsletters')
    .values({
      slug,
      name: `The ${slug} briefing`,
      description: 'Every morning.',
      cadence: 'daily',
      sender_name: 'The Test Gazette',
      sender_email: 'briefing@gazette.example',
      audience,
      template: 'edition',
      daily_section_id: null,
      daily_send_time: null,
      status: 'active',
      created_at: stamp,
      updated_at: stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * `count` readers (`<prefix>-<n>@readers.example`) subscribed to a newsletter, inserted in slices
 * so that a hundred thousand take seconds. Returns their account ids in order.
 */
export async function subscribeReaders(db: Database, newsletterId: number, { count, prefix }: { count: number; prefix: string }, now: Date): Promise<number[]> {
  const stamp = now.toISOString();
  const ids: number[] = [];
  for (let start = 0; start < count; start += 500) {
    const slice = Array.from({ length: Math.min(500, count - start) }, (_, index) => ({
      email: `${prefix}-${start + index}@readers.example`,
      name: `Reader ${start + index}`,
      password_hash: null,
      role: 'reader' as const,
      created_at: stamp,
      updated_at: stamp,
    }));
    const accounts = await db.insertInto('accounts').values(slice).returning('id').execute();
    ids.push(...accounts.map((account) => account.id));
    await db
      .insertInto('newsletter_subscriptions')
      .values(
        accounts.map((account) => ({
          newsletter_id: newsletterId,
          account_id: account.id,
          status: 'subscribed' as const,
          consent_source: 'import' as const,
          consented_at: stamp,
          unsubscribed_at: null,
          unsubscribe_source: null,
          updated_at: stamp,
        })),
      )
      .execute();
  }
  return ids;
}

/** A send of articles, scheduled for `scheduledFor`, as the newsroom's composing saves it. */
export async function addSend(
  db: Database,
  {
    newsletterId,
    articleIds,
    scheduledFor,
    subject = 'This morning',
  }: { newsletterId: number; articleIds: readonly number[]; scheduledFor: Date; subject?: string },
  now: Date,
): Promise<number> {
  const send = await db
    .insertInto('newsletter_sends')
    .values({
      newsletter_id: newsletterId,
      kind: articleIds.length === 1 ? 'article' : 'digest',
      subject,
      intro: null,
      digest_day: null,
      status: 'scheduled',
      scheduled_for: scheduledFor.toISOString(),
      queued_at: null,
      finished_at: null,
      created_by: null,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (articleIds.length > 0) {
    await db
      .insertInto('newsletter_send_articles')
      .values(articleIds.map((articleId, position) => ({ send_id: send.id, article_id: articleId, position })))
      .execute();
  }
  return send.id;
}
