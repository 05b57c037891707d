import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import { indexArticle } from '../search/search-index.ts';
import { bumpContentVersion } from '../settings/content-version.ts';
import type { AccessLevel } from './access-level.ts';
import type { ArticleStatus } from './article.ts';
import { findArticleIdBySlug, insertArticle, setArticleAuthors, updateArticle } from './article-repository.ts';
import { renderBody } from './markdown.ts';
import { openBlockCount } from './preview-length.ts';
import { isSlug } from './slug.ts';
import { setTypography } from './typography.ts';

/** An article as a writer submits it: Markdown body, references by id. */
export type ArticleDraft = {
  slug: string;
  sectionId: number;
  headline: string;
  standfirst: string;
  dateline: string;
  authorIds: readonly number[];
  bodyMarkdown: string;
  leadImage: { imageId: number; caption: string; credit: string } | null;
  access: AccessLevel;
  previewBlockCount: number;
  status: ArticleStatus;
  sponsorId: number | null;
  publishedAt: Date | null;
};

/** A draft that breaks a rule of the content model; the message is fit to show the writer. */
export class InvalidArticleError extends Error {
  override name = 'InvalidArticleError';
}

/** The content model's rules for a draft; throws InvalidArticleError naming the first one broken. */
export function checkDraft(draft: ArticleDraft): void {
  if (!isSlug(draft.slug)) throw new InvalidArticleError(`"${draft.slug}" is not a valid slug: use lower-case words joined by hyphens`);
  if (draft.headline.trim() === '') throw new InvalidArticleError('An article needs a headline');
  if (draft.authorIds.length === 0) throw new InvalidArticleError('An article needs at least one author');
  if (!Number.isInteger(draft.previewBlockCount) || draft.previewBlockCount < 0) {
    throw new InvalidArticleError('The preview length must be a whole number of blocks, zero or more');
  }
  if (draft.status !== 'draft' && draft.publishedAt === null) {
    throw new InvalidArticleError('A scheduled or published article needs a publication time');
  }
}

/**
 * Creates or updates the article with the draft's slug inside the caller's transaction. The body is
 * rendered here, once, and the search index changes with the article, so they never disagree.
 */
export async function writeArticle(
  trx: Transaction<Tables>,
  draft: ArticleDraft,
  now: Date,
  { articleId, createdBy = null }: { articleId?: number; createdBy?: number | null } = {},
): Promise<number> {
  checkDraft(draft);
  const body = renderBody(draft.bodyMarkdown);
  const columns = {
    slug: draft.slug,
    section_id: draft.sectionId,
    headline: setTypography(draft.headline.trim()),
    standfirst: setTypography(draft.standfirst.trim()),
    dateline: draft.dateline.trim(),
    body_markdown: draft.bodyMarkdown,
    body_blocks: JSON.stringify(body.blocks),
    lead_image_id: draft.leadImage?.imageId ?? null,
    lead_image_caption: setTypography(draft.leadImage?.caption.trim() ?? ''),
    lead_image_credit: draft.leadImage?.credit ?? '',
    access_level: draft.access,
    preview_block_count: draft.previewBlockCount,
    status: draft.status,
    sponsor_id: draft.sponsorId,
    published_at: draft.publishedAt?.toISOString() ?? null,
    updated_at: now.toISOString(),
  };
  // The newsroom edits by id (the slug may change); the demo loader saves by slug.
  const existingId = articleId ?? (await findArticleIdBySlug(trx, draft.slug));
  const id = existingId ?? (await insertArticle(trx, { ...columns, created_by: createdBy, created_at: now.toISOString() }));
  if (existingId !== undefined) await updateArticle(trx, id, columns);
  await setArticleAuthors(trx, id, draft.authorIds);
  const open = openBlockCount({ access: draft.access, blockCount: body.blocks.length, previewBlockCount: draft.previewBlockCount });
  await indexArticle(trx, {
    articleId: id,
    headline: columns.headline,
    standfirst: columns.standfirst,
    openText: body.blockTexts.slice(0, open).join('\n'),
    lockedText: body.blockTexts.slice(open).join('\n'),
  });
  await bumpContentVersion(trx, now);
  return id;
}

/** Creates or updates the article with the draft's slug, in a transaction of its own. */
export async function saveArticle(db: Database, draft: ArticleDraft, now: Date): Promise<number> {
  return db.transaction().execute((trx) => writeArticle(trx, draft, now));
}
