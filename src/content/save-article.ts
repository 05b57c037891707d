import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { isForeignKeyViolation } from '../db/foreign-key-violation.ts';
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
import { DomainError } from '../errors/domain-error.ts';

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
  /** The tier (slug) a subscribers-only article requires; absent or null: its section's, else any subscription. */
  requiredTierSlug?: string | null;
  previewBlockCount: number;
  status: ArticleStatus;
  sponsorId: number | null;
  publishedAt: Date | null;
};

/** The part of a draft a broken rule is about, so a form can say which of its fields to correct. */
export type ArticleField = 'access' | 'slug' | 'headline' | 'authorIds' | 'previewBlockCount' | 'publishedAt' | 'sectionId' | 'sponsorId' | 'leadImage';

/** A draft that breaks a rule of the content model; the message is fit to show the writer. */
export class InvalidArticleError extends DomainError {
  override name = 'InvalidArticleError';
  readonly field: ArticleField | null;
  constructor(message: string, { field = null, cause }: { field?: ArticleField | null; cause?: unknown } = {}) {
    super(message, { kind: 'invalid', field }, { cause });
    this.field = field;
  }
}

/** The content model's rules for a draft; throws InvalidArticleError naming the first one broken. */
export function checkDraft(draft: ArticleDraft): void {
  if (!isSlug(draft.slug)) throw new InvalidArticleError(`"${draft.slug}" is not a valid slug: use lower-case words joined by hyphens`, { field: 'slug' });
  if (draft.headline.trim() === '') throw new InvalidArticleError('An article needs a headline', { field: 'headline' });
  if (draft.authorIds.length === 0) throw new InvalidArticleError('An article needs at least one author', { field: 'authorIds' });
  if (!Number.isInteger(draft.previewBlockCount) || draft.previewBlockCount < 0) {
    throw new InvalidArticleError('The preview length must be a whole number of blocks, zero or more', { field: 'previewBlockCount' });
  }
  if (draft.status !== 'draft' && draft.publishedAt === null) {
    throw new InvalidArticleError('A scheduled or published article needs a publication time', { field: 'publishedAt' });
  }
}

/**
 * The section, authors, sponsor and lead image a draft names must exist: checked here, by field,
 * so a form naming one that does not (a stale page, a crafted request) is told which to choose again.
 */
/** Checks what the draft names exists, and answers the id of the tier it requires, if any. */
async function checkReferences(trx: Transaction<Tables>, draft: ArticleDraft): Promise<{ requiredTierId: number | null }> {
  const section = await trx.selectFrom('sections').select('id').where('id', '=', draft.sectionId).executeTakeFirst();
  if (!section) throw new InvalidArticleError('The section chosen does not exist (it may have been removed): choose one from the list', { field: 'sectionId' });
  const authors = await trx
    .selectFrom('authors')
    .select('id')
    .where('id', 'in', [...draft.authorIds])
    .execute();
  if (authors.length !== new Set(draft.authorIds).size) {
    throw new InvalidArticleError('An author chosen for the byline does not exist (they may have been removed): choose the byline from the list', {
      field: 'authorIds',
    });
  }
  if (draft.sponsorId !== null && !(await trx.selectFrom('sponsors').select('id').where('id', '=', draft.sponsorId).executeTakeFirst())) {
    throw new InvalidArticleError('The sponsor chosen does not exist (it may have been removed): choose one from the list, or none', { field: 'sponsorId' });
  }
  if (draft.leadImage !== null && !(await trx.selectFrom('images').select('id').where('id', '=', draft.leadImage.imageId).executeTakeFirst())) {
    throw new InvalidArticleError('The lead image is no longer in the image library: upload it again', { field: 'leadImage' });
  }
  const tierSlug = draft.access === 'premium' ? (draft.requiredTierSlug ?? null) : null;
  if (tierSlug === null) return { requiredTierId: null };
  const tier = await trx.selectFrom('tiers').select('id').where('slug', '=', tierSlug).executeTakeFirst();
  if (!tier)
    throw new InvalidArticleError('The tier chosen for its readers does not exist (it may have been renamed): choose who can read it again', {
      field: 'access',
    });
  return { requiredTierId: tier.id };
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
  const { requiredTierId } = await checkReferences(trx, draft);
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
    required_tier_id: requiredTierId,
    preview_block_count: draft.previewBlockCount,
    status: draft.status,
    sponsor_id: draft.sponsorId,
    published_at: draft.publishedAt?.toISOString() ?? null,
    updated_at: now.toISOString(),
  };
  // The newsroom edits by id (the slug may change); the demo loader saves by slug.
  const existingId = articleId ?? (await findArticleIdBySlug(trx, draft.slug));
  let id: number;
  try {
    id = existingId ?? (await insertArticle(trx, { ...columns, created_by: createdBy, created_at: now.toISOString() }));
    if (existingId !== undefined) await updateArticle(trx, id, columns);
    await setArticleAuthors(trx, id, draft.authorIds);
  } catch (error) {
    // Only a reference removed since checkReferences looked can get here; it is the writer's to fix, not a server fault.
    if (isForeignKeyViolation(error))
      throw new InvalidArticleError('The section, an author, the sponsor or the lead image was removed while you saved: choose again', { cause: error });
    throw error;
  }
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
