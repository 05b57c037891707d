import { sql } from 'kysely';
import { savePlan } from '../src/commerce/catalogue-repository.ts';
import type { Database, Dialect } from '../src/db/database.ts';
import { generateCorpus } from './corpus.ts';

export type BenchSend = { newsletterId: number; sendId: number; articleId: number; recipients: number };

/** One in this many readers pays, so the send renders both the full and the preview message. */
export const subscriberEvery = 10;

/** 1 … count as rows, built by the database itself: a recursive CTE on SQLite, generate_series on PostgreSQL. */
function numbers(dialect: Dialect, count: number): string {
  return dialect === 'postgres'
    ? `from generate_series(1, ${count}) as i`
    : `from (with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count}) select i from n)`;
}

/**
 * Fills a migrated database for the newsletter bench: a small corpus, `recipients` readers (one in
 * ten with an active subscription) all subscribed to one newsletter, and a send of one metered
 * article to it, scheduled for `now`. The readers, their subscriptions and their consent are each
 * one INSERT … SELECT, not a round trip a reader.
 */
export async function prepareNewsletterSend(db: Database, dialect: Dialect, { recipients, now }: { recipients: number; now: Date }): Promise<BenchSend> {
  await generateCorpus(db, { count: 12, now });
  const article = await db.selectFrom('articles').select('id').where('access_level', '=', 'metered').orderBy('id').executeTakeFirstOrThrow();
  const planId = await savePlan(
    db,
    { slug: 'digital', name: 'Digital', benefits: [], priceMinor: 1500, currency: 'USD', interval: 'month', isActive: true },
    now,
  );
  const at = now.toISOString();
  const periodEnd = new Date(now.getTime() + 30 * 86_400_000).toISOString();
  const newsletter = await db
    .insertInto('newsletters')
    .values({
      slug: 'the-morning',
      name: 'The Morning',
      description: "The day's essential stories.",
      cadence: 'daily',
      sender_name: 'The Benchmark Times',
      sender_email: 'morning@bench.example',
      audience: 'anyone',
      template: 'edition',
      daily_section_id: null,
      daily_send_time: null,
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const firstReader = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirstOrThrow();
  const offset = Number(firstReader.last ?? 0);

  await sql
    .raw(
      `insert into accounts (email, name, role, created_at, updated_at) select 'reader' || i || '@example.org', '', 'reader', '${at}', '${at}' ${numbers(dialect, recipients)}`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into subscriptions (account_id, plan_id, offer_id, provider, status, current_period_end, trial_end, ended_from, resume_to, intro_periods_left, created_at, updated_at)
       select id, ${planId}, null, 'test', 'active', '${periodEnd}', null, null, null, 0, '${at}', '${at}' from accounts where id > ${offset} and id % ${subscriberEvery} = 0`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into newsletter_subscriptions (newsletter_id, account_id, status, consent_source, consented_at, unsubscribed_at, unsubscribe_source, updated_at)
       select ${newsletter.id}, id, 'subscribed', 'import', '${at}', null, null, '${at}' from accounts where id > ${offset}`,
    )
    .execute(db);

  const send = await db
    .insertInto('newsletter_sends')
    .values({
      newsletter_id: newsletter.id,
      kind: 'article',
      subject: 'The Morning: the day in one read',
      intro: null,
      digest_day: null,
      status: 'scheduled',
      scheduled_for: at,
      queued_at: null,
      finished_at: null,
      created_by: null,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('newsletter_send_articles').values({ send_id: send.id, article_id: article.id, position: 0 }).execute();
  // A live database has its planner's statistics; a table filled a moment ago has none until autovacuum comes by.
  if (dialect === 'postgres') await sql`analyze`.execute(db);
  return { newsletterId: newsletter.id, sendId: send.id, articleId: article.id, recipients };
}
