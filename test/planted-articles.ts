import { deriveMeterCookieKey, encodeMeterCookie, meterCookieName, newVisitor } from '../src/access/meter-cookie.ts';
import type { Resolver } from '../src/crawlers/verify-crawler.ts';
import type { Database } from '../src/db/database.ts';
import { addArticle, type SeededPublication } from './content-fixtures.ts';

/** The access levels whose articles have a part that is locked for some readers. */
export const lockedLevels = ['metered', 'registered', 'premium'] as const;
export type LockedLevel = (typeof lockedLevels)[number];

/** An article with unique words planted in its open part and in its locked part, to look for in every answer. */
export type PlantedArticle = { id: number; slug: string; token: string; openToken: string };

/**
 * One article of each locked level, published an hour before `now`, whose locked part (the third
 * paragraph on) holds `token` and whose open opening holds `openToken`; the word "quokkaword" sits
 * behind the wall too, so a search for it can only find the article through its locked text.
 */
export async function plantLockedArticles(
  db: Database,
  seeded: SeededPublication,
  now: Date,
  { tokenPrefix = 'PLANTED' }: { tokenPrefix?: string } = {},
): Promise<Map<LockedLevel, PlantedArticle>> {
  const planted = new Map<LockedLevel, PlantedArticle>();
  for (const access of lockedLevels) {
    const token = `${tokenPrefix}${access.toUpperCase()}TOKEN`;
    const openToken = `OPEN${access.toUpperCase()}PREVIEW`;
    const slug = `locked-${access}`;
    const body = `Opening paragraph ${openToken} of the ${access} piece.\n\nSecond open paragraph.\n\nBehind the wall: quokkaword ${token} appears here.\n\n## ${token} heading\n\nLast words, ${token}.`;
    const id = await addArticle(
      db,
      seeded,
      { slug, access, headline: `The ${access} piece`, standfirst: `A ${access} standfirst.`, body, publishedAt: new Date(now.getTime() - 3_600_000) },
      now,
    );
    planted.set(access, { id, slug, token, openToken });
  }
  return planted;
}

/** A draft with a planted word in its headline and body: no public answer may hold it. */
export async function plantDraft(db: Database, seeded: SeededPublication, now: Date): Promise<string> {
  const draftToken = 'PLANTEDDRAFTTOKEN';
  await addArticle(
    db,
    seeded,
    { slug: 'secret-draft', status: 'draft', publishedAt: null, body: `Draft ${draftToken} text.`, headline: `Draft ${draftToken}` },
    now,
  );
  return draftToken;
}

/** Ten ordinary metered articles, published two hours before `now`, to use up meters with. */
export async function addFillerArticles(db: Database, seeded: SeededPublication, now: Date): Promise<number[]> {
  const ids: number[] = [];
  for (let index = 0; index < 10; index += 1)
    ids.push(await addArticle(db, seeded, { slug: `filler-${index}`, publishedAt: new Date(now.getTime() - 7_200_000) }, now));
  return ids;
}

/** Googlebot as the site verifies it: its User-Agent, from an address whose DNS names Google both ways. */
export const verifiedGooglebot = {
  address: '66.249.66.1',
  userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  resolver: {
    reverse: async (ip) =>
      ip === '66.249.66.1' ? ['crawl-66-249-66-1.googlebot.com'] : Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })),
    lookup: async (name) => (name === 'crawl-66-249-66-1.googlebot.com' ? ['66.249.66.1'] : []),
  } satisfies Resolver,
};

/**
 * The anonymous meter cookies the leak tests send, as `Cookie` header values: one whose month is
 * spent on three filler articles (the default anonymous limit), and one forged, with no valid signature.
 */
export function anonymousMeterCookies(secret: string, fillerIds: readonly number[]): { overTheMeter: string; forged: string } {
  return {
    overTheMeter: `${meterCookieName}=${encodeMeterCookie({ meter: { period: '2026-11', articleIds: fillerIds.slice(0, 3) }, visitor: newVisitor() }, deriveMeterCookieKey(secret))}`,
    forged: `${meterCookieName}=m1.2026-11.1.${'A'.repeat(43)}`,
  };
}
