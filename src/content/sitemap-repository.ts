import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * What search engines are told about published articles. An article counts once it is published
 * and its publication time has come; it last changed at its last save or at that time, whichever
 * is later (an article scheduled ahead is saved before it appears).
 */
export type ArticleLocation = { slug: string; sectionSlug: string; lastModified: Date };

/** The UTC month articles were published in ("2026-11"), how many, and when the newest change was. */
export type PublicationMonth = { month: string; count: number; lastModified: Date };

export type RecentArticle = { slug: string; sectionSlug: string; headline: string; publishedAt: Date };

/** When something was last changed, by the later of a row's two times (ISO text sorts as time). */
function laterOf(first: string | null, second: string | null): Date {
  const times = [first, second].filter((time): time is string => time !== null).map((time) => Date.parse(time));
  return new Date(Math.max(0, ...times));
}

function selectPublic(db: Database, now: Date) {
  return db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .where('a.status', '=', 'published')
    .where('a.published_at', '<=', now.toISOString());
}

/** Every month with published articles, oldest first. */
export async function listPublicationMonths(db: Database, now: Date): Promise<PublicationMonth[]> {
  const month = sql<string>`substr(a.published_at, 1, 7)`;
  const rows = await selectPublic(db, now)
    .select([
      month.as('month'),
      (eb) => eb.fn.countAll<number | string>().as('count'),
      (eb) => eb.fn.max<string>('a.published_at').as('newest_publication'),
      (eb) => eb.fn.max<string>('a.updated_at').as('newest_save'),
    ])
    .groupBy(month)
    .orderBy(month)
    .execute();
  return rows.map((row) => ({ month: row.month, count: Number(row.count), lastModified: laterOf(row.newest_publication, row.newest_save) }));
}

/** One month's published articles in order of publication, a slice at a time. */
export async function listArticlesOfMonth(
  db: Database,
  { month, now, limit, offset }: { month: string; now: Date; limit: number; offset: number },
): Promise<ArticleLocation[]> {
  const rows = await selectPublic(db, now)
    .select(['a.slug', 's.slug as section_slug', 'a.published_at', 'a.updated_at'])
    // "2026-11-30T…" sorts before "2026-12", and every time of the month after "2026-11".
    .where('a.published_at', '>=', month)
    .where('a.published_at', '<', nextMonthOf(month))
    .orderBy('a.published_at')
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => ({ slug: row.slug, sectionSlug: row.section_slug, lastModified: laterOf(row.published_at, row.updated_at) }));
}

function nextMonthOf(month: string): string {
  const [year = 0, monthNumber = 0] = month.split('-').map(Number);
  return monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
}

/** Articles published since the given time, newest first. */
export async function listRecentlyPublished(db: Database, { since, now, limit }: { since: Date; now: Date; limit: number }): Promise<RecentArticle[]> {
  const rows = await selectPublic(db, now)
    .select(['a.slug', 's.slug as section_slug', 'a.headline', 'a.published_at'])
    .where('a.published_at', '>', since.toISOString())
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ slug: row.slug, sectionSlug: row.section_slug, headline: row.headline, publishedAt: new Date(row.published_at ?? 0) }));
}

/** The site's own pages besides articles, each with when its newest article changed (null when it has none). */
export type SitePageLocations = {
  home: Date | null;
  sections: { slug: string; lastModified: Date | null }[];
  authors: { slug: string; lastModified: Date | null }[];
};

export async function listSitePageLocations(db: Database, now: Date): Promise<SitePageLocations> {
  const [sections, sectionTimes, authors, authorTimes] = await Promise.all([
    db.selectFrom('sections').select(['id', 'slug']).orderBy('position').orderBy('id').execute(),
    selectPublic(db, now)
      .select([
        'a.section_id',
        (eb) => eb.fn.max<string>('a.published_at').as('newest_publication'),
        (eb) => eb.fn.max<string>('a.updated_at').as('newest_save'),
      ])
      .groupBy('a.section_id')
      .execute(),
    db.selectFrom('authors').select(['id', 'slug']).orderBy('slug').execute(),
    selectPublic(db, now)
      .innerJoin('article_authors as aa', 'aa.article_id', 'a.id')
      .select([
        'aa.author_id',
        (eb) => eb.fn.max<string>('a.published_at').as('newest_publication'),
        (eb) => eb.fn.max<string>('a.updated_at').as('newest_save'),
      ])
      .groupBy('aa.author_id')
      .execute(),
  ]);
  const bySection = new Map(sectionTimes.map((row) => [row.section_id, laterOf(row.newest_publication, row.newest_save)]));
  const byAuthor = new Map(authorTimes.map((row) => [row.author_id, laterOf(row.newest_publication, row.newest_save)]));
  const sectionTimesList = [...bySection.values()].map((time) => time.getTime());
  return {
    home: sectionTimesList.length === 0 ? null : new Date(Math.max(...sectionTimesList)),
    sections: sections.map((section) => ({ slug: section.slug, lastModified: bySection.get(section.id) ?? null })),
    authors: authors.map((author) => ({ slug: author.slug, lastModified: byAuthor.get(author.id) ?? null })),
  };
}
