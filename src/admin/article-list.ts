import { sql } from 'kysely';
import type { AccessLevel } from '../content/access-level.ts';
import type { ArticleStatus } from '../content/article.ts';
import type { Database } from '../db/database.ts';

export type ArticleListFilters = {
  q: string;
  status: ArticleStatus | null;
  sectionId: number | null;
  authorId: number | null;
  access: AccessLevel | null;
};

export const adminPageSize = 30;

/** The newsroom's list of articles, every status, newest change first, with the filters given. */
export async function listArticlesForNewsroom(db: Database, filters: ArticleListFilters, page: number) {
  let query = db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .select([
      'a.id',
      'a.slug',
      'a.headline',
      'a.status',
      'a.access_level',
      'a.published_at',
      'a.updated_at',
      'a.created_by',
      's.name as section_name',
      's.slug as section_slug',
    ]);
  if (filters.status) query = query.where('a.status', '=', filters.status);
  if (filters.sectionId !== null) query = query.where('a.section_id', '=', filters.sectionId);
  if (filters.access) query = query.where('a.access_level', '=', filters.access);
  if (filters.q !== '') query = query.where(sql`lower(a.headline)`, 'like', `%${filters.q.toLowerCase()}%`);
  if (filters.authorId !== null) {
    const authorId = filters.authorId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('article_authors as aa').select('aa.article_id').whereRef('aa.article_id', '=', 'a.id').where('aa.author_id', '=', authorId)),
    );
  }
  const total = Number(
    (
      await query
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const rows = await query
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(adminPageSize)
    .offset((page - 1) * adminPageSize)
    .execute();
  const bylines = new Map<number, string[]>();
  if (rows.length > 0) {
    const authors = await db
      .selectFrom('article_authors as aa')
      .innerJoin('authors as au', 'au.id', 'aa.author_id')
      .select(['aa.article_id', 'au.name'])
      .where(
        'aa.article_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('aa.position')
      .execute();
    for (const author of authors) bylines.set(author.article_id, [...(bylines.get(author.article_id) ?? []), author.name]);
  }
  return { total, rows: rows.map((row) => ({ ...row, authorNames: bylines.get(row.id) ?? [] })) };
}
