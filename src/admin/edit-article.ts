import type { Account, StaffRole } from '../accounts/account.ts';
import { writeArticle } from '../content/save-article.ts';
import { findOrCreateWriterAuthor, writerNameOf } from '../content/writer-byline.ts';
import type { ArticleStatus } from '../content/article.ts';
import type { Database } from '../db/database.ts';
import { bumpContentVersion } from '../settings/content-version.ts';
import { recordAudit } from '../newsroom/audit-log.ts';
import type { EditorFields } from './editor-form.ts';
import { canEditArticle, canPublishArticle, can } from './permissions.ts';
import { DomainError, type ErrorMeaning } from '../errors/domain-error.ts';
import { keepArticleSendsInStep } from '../newsletters/sends/sends.ts';

export type EditorIntent = 'save' | 'publish' | 'schedule' | 'unpublish';

export type EditProblem = 'forbidden' | 'with-editors' | 'not-found' | 'conflict' | 'schedule-in-past' | 'publish-time-missing' | 'slug-taken';

const problemMessages: Record<EditProblem, string> = {
  forbidden: 'Your role does not allow that.',
  'with-editors':
    'This article is scheduled or published, so only an editor can change it now. What you typed is still in the form: copy it and send it to an editor.',
  'not-found': 'That article does not exist any more.',
  conflict: 'Someone else saved this article while you were editing. Your version is still in the form: copy what you need, reload, and apply it again.',
  'schedule-in-past': 'Choose a publication time in the future to schedule the article.',
  'publish-time-missing': 'A scheduled article needs its publication time: give one, or unpublish it to make it a draft again.',
  'slug-taken': 'Another article has (or had) that slug; choose another so old links keep working.',
};

const problemMeanings: Record<EditProblem, ErrorMeaning> = {
  forbidden: { kind: 'forbidden' },
  'with-editors': { kind: 'forbidden' },
  'not-found': { kind: 'not-found' },
  conflict: { kind: 'conflict' },
  'schedule-in-past': { kind: 'invalid', field: 'publishedAt' },
  'publish-time-missing': { kind: 'invalid', field: 'publishedAt' },
  'slug-taken': { kind: 'invalid', field: 'slug' },
};

export class EditRefusedError extends DomainError {
  readonly problem: EditProblem;
  constructor(problem: EditProblem) {
    super(problemMessages[problem], problemMeanings[problem], { code: problem });
    this.name = 'EditRefusedError';
    this.problem = problem;
  }
}

type StoredArticle = {
  id: number;
  status: ArticleStatus;
  slug: string;
  access: string;
  revision: number;
  createdBy: number | null;
  publishedAt: string | null;
  leadImage: { imageId: number; caption: string; credit: string } | null;
};

async function loadStored(db: Database, id: number): Promise<StoredArticle | undefined> {
  const row = await db
    .selectFrom('articles')
    .select(['id', 'status', 'slug', 'access_level', 'revision', 'created_by', 'published_at', 'lead_image_id', 'lead_image_caption', 'lead_image_credit'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      status: row.status,
      slug: row.slug,
      access: row.access_level,
      revision: row.revision,
      createdBy: row.created_by,
      publishedAt: row.published_at,
      leadImage: row.lead_image_id === null ? null : { imageId: row.lead_image_id, caption: row.lead_image_caption, credit: row.lead_image_credit },
    }
  );
}

/** The status and publication time a save leaves the article with. */
function nextPublication(
  intent: EditorIntent,
  stored: StoredArticle | undefined,
  fields: EditorFields,
  now: Date,
): { status: ArticleStatus; publishedAt: Date | null } {
  switch (intent) {
    case 'save':
      if (stored?.status === 'scheduled' && fields.publishAt === null) throw new EditRefusedError('publish-time-missing');
      return {
        status: stored?.status ?? 'draft',
        publishedAt: stored?.status === 'scheduled' ? fields.publishAt : stored?.publishedAt ? new Date(stored.publishedAt) : null,
      };
    case 'publish':
      return { status: 'published', publishedAt: stored?.status === 'published' && stored.publishedAt ? new Date(stored.publishedAt) : now };
    case 'schedule':
      if (fields.publishAt === null || fields.publishAt <= now) throw new EditRefusedError('schedule-in-past');
      return { status: 'scheduled', publishedAt: fields.publishAt };
    case 'unpublish':
      return { status: 'draft', publishedAt: null };
  }
}

/**
 * Saves the editor's form as one staff member: their role is checked on the server for the article
 * and the intent; a save made against an older revision than the stored one is refused as a
 * conflict, never written over; the revision, the audit entry and the slug redirect go in the same
 * transaction.
 */
export async function saveFromEditor(
  db: Database,
  {
    staff,
    role,
    articleId,
    fields,
    intent,
    expectedRevision,
    now,
    newsletterIds = [],
  }: {
    staff: Account;
    role: StaffRole;
    articleId: number | null;
    fields: EditorFields;
    intent: EditorIntent;
    expectedRevision: number;
    now: Date;
    /** The newsletters ticked to carry the article when it goes live. */
    newsletterIds?: readonly number[];
  },
): Promise<{ articleId: number; revision: number; newsletterSendIds: number[] }> {
  return db.transaction().execute(async (trx) => {
    // Lock the article's row first: a save from the same revision at the same moment (another
    // editor, another instance) waits here, then reads the revision the first one wrote and is
    // refused as a conflict rather than writing over it.
    if (articleId !== null)
      await trx
        .updateTable('articles')
        .set((eb) => ({ revision: eb.ref('revision') }))
        .where('id', '=', articleId)
        .execute();
    const stored = articleId === null ? undefined : await loadStored(trx, articleId);
    if (articleId !== null && !stored) throw new EditRefusedError('not-found');
    const isOwn = stored === undefined || stored.createdBy === staff.id;
    if (stored && !canEditArticle(role, { isOwn, status: stored.status }))
      throw new EditRefusedError(isOwn && stored.status !== 'draft' ? 'with-editors' : 'forbidden');
    if (!stored && !can(role, 'write-drafts')) throw new EditRefusedError('forbidden');
    if (intent !== 'save' && !canPublishArticle(role, { isOwn })) throw new EditRefusedError('forbidden');
    if (newsletterIds.length > 0 && !can(role, 'send-newsletters')) throw new EditRefusedError('forbidden');
    if (stored && stored.revision !== expectedRevision) throw new EditRefusedError('conflict');

    // A slug is taken by another article, or by an old address that still leads to one.
    const clash = await trx.selectFrom('articles').select('id').where('slug', '=', fields.slug).executeTakeFirst();
    const redirect = await trx.selectFrom('slug_redirects').select('article_id').where('old_slug', '=', fields.slug).executeTakeFirst();
    if ((clash && clash.id !== stored?.id) || (redirect && redirect.article_id !== stored?.id)) throw new EditRefusedError('slug-taken');

    const { status, publishedAt } = nextPublication(intent, stored, fields, now);
    // A draft saved without a byline is the writer's own.
    const authorIds =
      fields.authorIds.length > 0 ? fields.authorIds : [await findOrCreateWriterAuthor(trx, { name: writerNameOf(staff), fallbackSlug: `writer-${staff.id}` })];
    const id = await writeArticle(
      trx,
      {
        slug: fields.slug,
        sectionId: fields.sectionId,
        headline: fields.headline,
        standfirst: fields.standfirst,
        dateline: fields.dateline,
        authorIds,
        bodyMarkdown: fields.bodyMarkdown,
        // The lead image is chosen apart from the form's text; a save keeps the one the article has.
        leadImage: stored?.leadImage ?? null,
        access: fields.access,
        requiredTierSlug: fields.requiredTierSlug,
        previewBlockCount: fields.previewBlockCount,
        status,
        sponsorId: fields.sponsorId,
        publishedAt,
      },
      now,
      { ...(stored ? { articleId: stored.id } : {}), createdBy: staff.id },
    );
    if (stored && stored.slug !== fields.slug && stored.publishedAt !== null) {
      await trx
        .insertInto('slug_redirects')
        .values({ old_slug: stored.slug, article_id: id })
        .onConflict((conflict) => conflict.column('old_slug').doUpdateSet({ article_id: id }))
        .execute();
    }
    const saved = await trx.selectFrom('articles').select('revision').where('id', '=', id).executeTakeFirstOrThrow();
    await trx
      .insertInto('article_revisions')
      .values({
        article_id: id,
        revision: saved.revision,
        saved_at: now.toISOString(),
        saved_by: staff.id,
        snapshot: JSON.stringify({ ...fields, authorIds, status, publishedAt }),
      })
      .execute();
    const subject = `“${fields.headline}”`;
    if (stored?.status !== status && (status !== 'draft' || stored)) {
      await recordAudit(trx, {
        actor: staff,
        action: status === 'published' ? 'published' : status === 'scheduled' ? 'scheduled' : 'unpublished',
        subject,
        detail: publishedAt?.toISOString() ?? '',
        now,
      });
    }
    if (stored && stored.access !== fields.access) {
      await recordAudit(trx, { actor: staff, action: 'changed access', subject, detail: `${stored.access} → ${fields.access}`, now });
    }
    // The article's newsletter sends go, wait, move or stop with it, in the same transaction.
    const newsletterSendIds = await keepArticleSendsInStep(
      trx,
      { articleId: id, headline: fields.headline, status, publishedAt, newsletterIds: status === 'draft' ? [] : newsletterIds, createdBy: staff.id },
      now,
    );
    for (const sendId of newsletterSendIds)
      await recordAudit(trx, {
        actor: staff,
        action: status === 'published' ? 'sent newsletter' : 'scheduled newsletter',
        subject,
        detail: `Article send ${sendId}, for ${(publishedAt !== null && publishedAt > now ? publishedAt : now).toISOString()}`,
        now,
      });
    await bumpContentVersion(trx, now);
    return { articleId: id, revision: saved.revision, newsletterSendIds };
  });
}
