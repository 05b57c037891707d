import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Article, ArticleSummary, Author } from './article.ts';
import { parseStoredBodyBlocks } from './body-blocks.ts';
import { sanitizeBlockHtml } from './markdown.ts';
import type { ArticleRowUpdate, NewArticleRow } from './content-tables.ts';

function selectArticles(db: Database) {
  return (
    db
      .selectFrom('articles as a')
      .innerJoin('sections as s', 's.id', 'a.section_id')
      .leftJoin('images as i', 'i.id', 'a.lead_image_id')
      .leftJoin('sponsors as sp', 'sp.id', 'a.sponsor_id')
      // The tier a subscribers-only article requires: its own, else its section's.
      .leftJoin('tiers as t', (join) => join.on(sql<boolean>`t.id = coalesce(a.required_tier_id, s.required_tier_id)`))
      .select([
        'a.id',
        'a.slug',
        'a.headline',
        'a.standfirst',
        'a.dateline',
        'a.access_level',
        'a.status',
        'a.published_at',
        'a.updated_at',
        'a.lead_image_caption',
        'a.lead_image_credit',
        's.id as section_id',
        's.slug as section_slug',
        's.name as section_name',
        's.description as section_description',
        's.position as section_position',
        'i.id as image_id',
        'i.key as image_key',
        'i.width as image_width',
        'i.height as image_height',
        'i.alt as image_alt',
        'sp.id as sponsor_id',
        'sp.slug as sponsor_slug',
        'sp.name as sponsor_name',
        'sp.disclosure as sponsor_disclosure',
        'sp.url as sponsor_url',
        't.slug as tier_slug',
        't.name as tier_name',
      ])
  );
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectArticles>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow, authors: readonly Author[]): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    section: {
      id: row.section_id,
      slug: row.section_slug,
      name: row.section_name,
      description: row.section_description,
      position: row.section_position,
    },
    headline: row.headline,
    standfirst: row.standfirst,
    dateline: row.dateline,
    authors,
    leadImage:
      row.image_id === null || row.image_key === null || row.image_width === null || row.image_height === null
        ? null
        : {
            image: { id: row.image_id, key: row.image_key, width: row.image_width, height: row.image_height, alt: row.image_alt ?? '' },
            caption: row.lead_image_caption,
            credit: row.lead_image_credit,
          },
    access: row.access_level,
    requiredTier: row.access_level === 'premium' && row.tier_slug !== null && row.tier_name !== null ? { slug: row.tier_slug, name: row.tier_name } : null,
    status: row.status,
    sponsor:
      row.sponsor_id === null || row.sponsor_slug === null || row.sponsor_name === null
        ? null
        : {
            id: row.sponsor_id,
            slug: row.sponsor_slug,
            name: row.sponsor_name,
            disclosure: row.sponsor_disclosure ?? '',
            url: row.sponsor_url ?? '',
          },
    publishedAt: row.published_at === null ? null : new Date(row.published_at),
    updatedAt: new Date(row.updated_at),
  };
}

async function authorsByArticle(db: Database, articleIds: readonly number[]): Promise<Map<number, Author[]>> {
  const byArticle = new Map<number, Author[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db
    .selectFrom('article_authors as aa')
    .innerJoin('authors as au', 'au.id', 'aa.author_id')
    .select(['aa.article_id', 'au.id', 'au.slug', 'au.name', 'au.bio'])
    .where('aa.article_id', 'in', articleIds)
    .orderBy('aa.article_id')
    .orderBy('aa.position')
    .execute();
  for (const { article_id, ...author } of rows) {
    const list = byArticle.get(article_id) ?? [];
    list.push(author);
    byArticle.set(article_id, list);
  }
  return byArticle;
}

async function withAuthors(db: Database, rows: readonly SummaryRow[]): Promise<ArticleSummary[]> {
  const authors = await authorsByArticle(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSummary(row, authors.get(row.id) ?? []));
}

/** Which published articles a list holds: all of them, one section's, one author's, or a set of ids. */
export type ArticleListFilter = {
  sectionId?: number;
  authorId?: number;
  ids?: readonly number[];
  excludeId?: number;
  /** Only articles after this one in the newest-first order: where a cursor left off. */
  after?: { publishedAt: Date; id: number };
};

function selectPublished(db: Database, now: Date, filter: ArticleListFilter) {
  let query =
    filter.ids === undefined
      ? selectArticles(db).where('a.status', '=', 'published').where('a.published_at', '<=', now.toISOString())
      : // A few articles by id, each checked for publication on its own: with the check on `a` itself,
        // SQLite's planner walks every published article by time to find the few asked for.
        selectArticles(db)
          .where('a.id', 'in', filter.ids.length > 0 ? [...filter.ids] : [-1])
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('articles as p')
                .select('p.id')
                .whereRef('p.id', '=', 'a.id')
                .where('p.status', '=', 'published')
                .where('p.published_at', '<=', now.toISOString()),
            ),
          );
  if (filter.sectionId !== undefined) query = query.where('a.section_id', '=', filter.sectionId);
  if (filter.excludeId !== undefined) query = query.where('a.id', '<>', filter.excludeId);
  if (filter.after !== undefined) {
    const { publishedAt, id } = filter.after;
    // Publication times are ISO texts of one length, so they compare as text in both dialects.
    query = query.where((eb) =>
      eb.or([eb('a.published_at', '<', publishedAt.toISOString()), eb.and([eb('a.published_at', '=', publishedAt.toISOString()), eb('a.id', '<', id)])]),
    );
  }
  if (filter.authorId !== undefined) {
    const authorId = filter.authorId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('article_authors as aa').select('aa.article_id').whereRef('aa.article_id', '=', 'a.id').where('aa.author_id', '=', authorId)),
    );
  }
  return query;
}

/** Published articles, newest first. */
export async function listPublishedArticles(
  db: Database,
  { now, limit, offset = 0, ...filter }: ArticleListFilter & { now: Date; limit: number; offset?: number },
): Promise<ArticleSummary[]> {
  const rows = await selectPublished(db, now, filter).orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(limit).offset(offset).execute();
  return withAuthors(db, rows);
}

export async function countPublishedArticles(db: Database, { now, ...filter }: ArticleListFilter & { now: Date }): Promise<number> {
  const row = await selectPublished(db, now, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A published article by its slug, with its body; undefined when there is none or it is not out yet. */
export async function findPublishedArticle(db: Database, slug: string, now: Date): Promise<Article | undefined> {
  const row = await selectPublished(db, now, {}).select(['a.body_blocks', 'a.preview_block_count']).where('a.slug', '=', slug).executeTakeFirst();
  if (!row) return undefined;
  const [summary] = await withAuthors(db, [row]);
  if (!summary) return undefined;
  // Sanitized at save and once more here, so a block altered in the database cannot carry script to a reader.
  const body = parseStoredBodyBlocks(row.body_blocks).map((block) => ({ ...block, html: sanitizeBlockHtml(block.html) }));
  return { ...summary, body, previewBlockCount: row.preview_block_count };
}

export async function findArticleIdBySlug(db: Database, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

export async function insertArticle(db: Database, row: NewArticleRow): Promise<number> {
  const inserted = await db.insertInto('articles').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateArticle(db: Database, id: number, changes: ArticleRowUpdate): Promise<void> {
  await db
    .updateTable('articles')
    .set({ ...changes, revision: sql`revision + 1` })
    .where('id', '=', id)
    .execute();
}

/** Replaces the byline: the authors in the order given. */
export async function setArticleAuthors(db: Database, articleId: number, authorIds: readonly number[]): Promise<void> {
  await db.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
  if (authorIds.length === 0) return;
  await db
    .insertInto('article_authors')
    .values(authorIds.map((authorId, position) => ({ article_id: articleId, author_id: authorId, position })))
    .execute();
}

export async function countArticles(db: Database): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * The published article that an old slug now names, after the newsroom renamed it: its address
 * keeps working, as a redirect, on the site and in the apps alike.
 */
export async function findRenamedArticle(db: Database, oldSlug: string): Promise<{ slug: string; section: { slug: string } } | null> {
  const row = await db
    .selectFrom('slug_redirects as r')
    .innerJoin('articles as a', 'a.id', 'r.article_id')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .select(['a.slug', 's.slug as section_slug'])
    .where('r.old_slug', '=', oldSlug)
    .where('a.status', '=', 'published')
    .executeTakeFirst();
  return row ? { slug: row.slug, section: { slug: row.section_slug } } : null;
}
