import { deriveMeterCookieKey, encodeMeterCookie, meterCookieName, newVisitor } from '../src/access/meter-cookie.ts';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import { savePlan } from '../src/commerce/catalogue-repository.ts';
import type { Database } from '../src/db/database.ts';
import { writeAccessSettings } from '../src/settings/access-settings-repository.ts';
import { addActiveSubscription } from '../test/commerce-fixtures.ts';
import { generateCorpus } from './corpus.ts';

export type BenchArticle = { id: number; slug: string; access_level: string; section: string };

/** What the scenarios need from the bench's newsroom: articles of each access level and signed-in readers. */
export type Newsroom = {
  articles: BenchArticle[];
  /** 100 registered readers' session cookies, each metered in the database. */
  readerCookies: string[];
  subscriberCookie: string;
  /** The signed meter cookie of an anonymous reader who has read these articles this month. */
  meterCookieOf: (articleIds: readonly number[]) => string;
};

/**
 * Fills a migrated database for the bench: the generated corpus, a meter of 3 anonymous and 10
 * registered reads a month, a plan, 100 registered readers and one subscriber, each signed in.
 */
export async function prepareNewsroom(db: Database, { articleCount, now, secret }: { articleCount: number; now: Date; secret: string }): Promise<Newsroom> {
  await generateCorpus(db, { count: articleCount, now });
  await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 2 }, now);
  const planId = await savePlan(
    db,
    { slug: 'digital', name: 'Digital', benefits: [], priceMinor: 1500, currency: 'USD', interval: 'month', isActive: true },
    now,
  );
  const readerCookies: string[] = [];
  for (let index = 0; index < 100; index += 1) {
    const accountId = await insertAccount(db, { email: `bench${index}@example.org`, name: '', passwordHash: null, role: 'reader', now });
    readerCookies.push(`${sessionCookieName}=${(await openSession(db, accountId, now)).token}`);
  }
  const subscriberId = await insertAccount(db, { email: 'subscriber@example.org', name: '', passwordHash: null, role: 'reader', now });
  await addActiveSubscription(db, { accountId: subscriberId, planId, now });
  const subscriberCookie = `${sessionCookieName}=${(await openSession(db, subscriberId, now)).token}`;
  const articles = await db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .select(['a.id', 'a.slug', 'a.access_level', 's.slug as section'])
    .orderBy('a.id')
    .limit(400)
    .execute();
  const key = deriveMeterCookieKey(secret);
  const period = now.toISOString().slice(0, 7);
  const meterCookieOf = (articleIds: readonly number[]) =>
    `${meterCookieName}=${encodeMeterCookie({ meter: { period, articleIds: [...articleIds].sort((a, b) => a - b) }, visitor: newVisitor() }, key)}`;
  return { articles, readerCookies, subscriberCookie, meterCookieOf };
}

/** A browser keeps the form-token cookie its first signed-in page sets; so do the bench's readers. */
export async function asBrowser(url: string, cookie: string): Promise<string> {
  const response = await fetch(`${url}/`, { headers: { cookie } });
  await response.arrayBuffer();
  const tokenCookie = response.headers
    .getSetCookie()
    .find((header) => header.startsWith('dl_csrf='))
    ?.split(';')[0];
  return tokenCookie ? `${cookie}; ${tokenCookie}` : cookie;
}
