import type { Database } from '../db/database.ts';
import type { AccessLevel } from './access-level.ts';
import type { ArticleStatus } from './article.ts';

/**
 * An article as the newsroom edits it, whatever its status: the Markdown as written and the ids
 * the form picks from, where a reader's article has its body rendered and its byline resolved.
 */
export type ArticleForEditing = {
  id: number;
  slug: string;
  headline: string;
  standfirst: string;
  sectionId: number;
  sectionSlug: string;
  authorIds: number[];
  dateline: string;
  access: AccessLevel;
  /** The tier (slug) it requires of its own, if subscribers-only; null: its section's, else any subscription. */
  requiredTierSlug: string | null;
  previewBlockCount: number;
  sponsorId: number | null;
  bodyMarkdown: string;
  publishedAt: Date | null;
  status: ArticleStatus;
  revision: number;
  createdBy: number | null;
  leadImage: { key: string; width: number; alt: string; caption: string; credit: string } | null;
};

export async function findArticleForEditing(db: Database, id: number): Promise<ArticleForEditing | undefined> {
  const row = await db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .leftJoin('images as i', 'i.id', 'a.lead_image_id')
    .leftJoin('tiers as t', 't.id', 'a.required_tier_id')
    .select([
      't.slug as tier_slug',
      'a.id',
      'a.slug',
      'a.headline',
      'a.standfirst',
      'a.section_id',
      'a.dateline',
      'a.access_level',
      'a.preview_block_count',
      'a.sponsor_id',
      'a.body_markdown',
      'a.published_at',
      'a.status',
      'a.revision',
      'a.created_by',
      's.slug as section_slug',
    ])
    .select(['i.key as image_key', 'i.width as image_width', 'i.alt as image_alt', 'a.lead_image_caption', 'a.lead_image_credit'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const authors = await db.selectFrom('article_authors').select('author_id').where('article_id', '=', id).orderBy('position').execute();
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    sectionId: row.section_id,
    sectionSlug: row.section_slug,
    authorIds: authors.map((author) => author.author_id),
    dateline: row.dateline,
    access: row.access_level,
    requiredTierSlug: row.access_level === 'premium' ? row.tier_slug : null,
    previewBlockCount: row.preview_block_count,
    sponsorId: row.sponsor_id,
    bodyMarkdown: row.body_markdown,
    publishedAt: row.published_at === null ? null : new Date(row.published_at),
    status: row.status,
    revision: row.revision,
    createdBy: row.created_by,
    leadImage:
      row.image_key === null || row.image_width === null
        ? null
        : { key: row.image_key, width: row.image_width, alt: row.image_alt ?? '', caption: row.lead_image_caption, credit: row.lead_image_credit },
  };
}
