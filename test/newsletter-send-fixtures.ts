import type { Role } from '../src/accounts/account.ts';
import { insertAccount } from '../src/accounts/account-repository.ts';
import type { Database } from '../src/db/database.ts';
import type { Edition, EditionArticle } from '../src/newsletters/edition/edition.ts';
import type { NewsletterTemplate, SendKind, SendStatus } from '../src/newsletters/newsletter-tables.ts';
import { addActiveSubscription, seedCatalogue } from './commerce-fixtures.ts';
import { addArticle, seedPublication, type SeededPublication } from './content-fixtures.ts';
import { plantLockedArticles, type LockedLevel, type PlantedArticle } from './planted-articles.ts';

let counter = 0;

/** A newsletter anyone may subscribe to; its slug is made unique unless given. */
export async function addNewsletter(
  db: Database,
  { slug, name = 'The Morning Briefing', template = 'edition' }: { slug?: string; name?: string; template?: NewsletterTemplate },
  now: Date,
): Promise<number> {
  counter += 1;
  const row = await db
    .insertInto('newsletters')
    .values({
      slug: slug ?? `morning-${counter}`,
      name,
      description: 'The day’s news before breakfast.',
      cadence: 'daily',
      sender_name: 'The Test Gazette',
      sender_email: 'briefing@gazette.example',
      audience: 'anyone',
      template,
      daily_section_id: null,
      daily_send_time: null,
      status: 'active',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A send of these articles, in this order, scheduled for `now` unless told otherwise. */
export async function addSend(
  db: Database,
  {
    newsletterId,
    articleIds,
    subject = 'Today’s briefing',
    intro = null,
    kind = articleIds.length === 1 ? 'article' : 'digest',
    status = 'scheduled',
    scheduledFor,
  }: {
    newsletterId: number;
    articleIds: readonly number[];
    subject?: string;
    intro?: string | null;
    kind?: SendKind;
    status?: SendStatus;
    scheduledFor?: Date;
  },
  now: Date,
): Promise<number> {
  const send = await db
    .insertInto('newsletter_sends')
    .values({
      newsletter_id: newsletterId,
      kind,
      subject,
      intro,
      digest_day: null,
      status,
      scheduled_for: (scheduledFor ?? now).toISOString(),
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

/** A new account subscribed to the newsletter since `now`. */
export async function addSubscribedReader(
  db: Database,
  { newsletterId, role = 'reader', email }: { newsletterId: number; role?: Role; email?: string },
  now: Date,
): Promise<number> {
  counter += 1;
  const accountId = await insertAccount(db, {
    email: email ?? `newsletter-reader${counter}@example.org`,
    name: `Reader ${counter}`,
    passwordHash: null,
    role,
    now,
  });
  await db
    .insertInto('newsletter_subscriptions')
    .values({
      newsletter_id: newsletterId,
      account_id: accountId,
      status: 'subscribed',
      consent_source: 'sign-up-form',
      consented_at: now.toISOString(),
      unsubscribed_at: null,
      unsubscribe_source: null,
      updated_at: now.toISOString(),
    })
    .execute();
  return accountId;
}

export type NewsletterSendFixture = {
  seeded: SeededPublication;
  newsletterId: number;
  sendId: number;
  /** The send's articles in its order: a free one, then one of each locked level (planted-articles.ts). */
  articleIds: number[];
  freeArticleId: number;
  planted: Map<LockedLevel, PlantedArticle>;
  /** Subscribed to the newsletter: a registered reader with no subscription, and one with an active subscription. */
  readers: { registered: number; subscriber: number };
};

/**
 * A publication with a newsletter, a digest send of four published articles (free, metered,
 * registered, premium: the locked ones carry planted tokens behind their preview) and two subscribed
 * readers, one entitled. Call once per database: it seeds the publication and the catalogue.
 */
export async function seedNewsletterSend(
  db: Database,
  now: Date,
  { template = 'edition' }: { template?: NewsletterTemplate } = {},
): Promise<NewsletterSendFixture> {
  const seeded = await seedPublication(db, now);
  await seedCatalogue(db, now);
  const planted = await plantLockedArticles(db, seeded, now);
  const freeArticleId = await addArticle(
    db,
    seeded,
    {
      slug: 'free-piece',
      access: 'free',
      headline: 'A free piece',
      standfirst: 'Free for everyone to read.',
      body: 'Free opening.\n\nFree middle.\n\nFree ending FREEWORDS.',
    },
    now,
  );
  const articleIds = [freeArticleId, ...[...planted.values()].map((article) => article.id)];
  const newsletterId = await addNewsletter(db, { template }, now);
  const sendId = await addSend(db, { newsletterId, articleIds, intro: 'Good morning. **Four stories** today.' }, now);
  const registered = await addSubscribedReader(db, { newsletterId }, now);
  const subscriber = await addSubscribedReader(db, { newsletterId }, now);
  const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
  await addActiveSubscription(db, { accountId: subscriber, planId: plan.id, now });
  return { seeded, newsletterId, sendId, articleIds, freeArticleId, planted, readers: { registered, subscriber } };
}

/** An article of an edition as plain data, for the pure tests: locked, with its preview and its locked text told apart. */
export function exampleEditionArticle(overrides: Partial<EditionArticle> = {}): EditionArticle {
  return {
    id: 7,
    url: 'https://gazette.example/world/harbour-talks',
    headline: 'Harbour talks resume',
    standfirst: 'Negotiators return after a week apart.',
    byline: 'Ada Reporter, Ben Critic',
    dateline: 'Lisbon',
    sectionName: 'World',
    leadImage: { url: 'https://gazette.example/media/harbour-1200.jpg', alt: 'A harbour at dusk', caption: 'The harbour at dusk.', credit: '© Test Agency' },
    access: 'locked',
    requiredTier: null,
    fullHtml: '<p>The open opening.</p>\n<p>LOCKEDWORDS behind the wall.</p>',
    previewHtml: '<p>The open opening.</p>',
    ...overrides,
  };
}

/** An edition as plain data: a free article and a locked one, from a briefing newsletter. */
export function exampleEdition(overrides: Partial<Edition> = {}): Edition {
  return {
    sendId: 3,
    newsletter: {
      id: 2,
      slug: 'morning',
      name: 'The Morning Briefing',
      senderName: 'The Test Gazette',
      senderEmail: 'briefing@gazette.example',
      template: 'edition',
    },
    subject: 'Today’s briefing',
    introHtml: '<p>Good morning.</p>',
    articles: [
      exampleEditionArticle({
        id: 5,
        url: 'https://gazette.example/culture/free-review',
        headline: 'A free review',
        standfirst: 'The film of the year, reviewed.',
        access: 'free',
        fullHtml: '<p>FREEWORDS all of it.</p>',
        previewHtml: '<p>FREEWORDS all of it.</p>',
      }),
      exampleEditionArticle(),
    ],
    siteName: 'The Test Gazette',
    siteUrl: new URL('https://gazette.example/'),
    ...overrides,
  };
}
