import { sql, type Selectable } from 'kysely';
import type { Database } from '../../db/database.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { DeliveryStatus, NewsletterTables, SendStatus } from '../newsletter-tables.ts';
import { checkSendRequest, InvalidSendError, type SendRequest } from './send-draft.ts';

export type StoredSend = Selectable<NewsletterTables['newsletter_sends']>;

export class SendNotFoundError extends DomainError {
  override name = 'SendNotFoundError';
  constructor() {
    super('There is no such send.', { kind: 'not-found' });
  }
}

export class SendNotCancelableError extends DomainError {
  override name = 'SendNotCancelableError';
  constructor(status: SendStatus) {
    super(`This send is ${status === 'canceled' ? 'already canceled' : `${status}: too late to cancel it`}.`, { kind: 'conflict' }, { code: 'not-cancelable' });
  }
}

/** Runs `work` in the caller's transaction when there is one (so its audit line goes with it), else in one of its own. */
async function inTransaction<Result>(db: Database, work: (trx: Database) => Promise<Result>): Promise<Result> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** The statuses a send can still be canceled in: before any message has been handed over. */
export const cancelableStatuses: readonly SendStatus[] = ['scheduled', 'queueing'];

/**
 * Saves a send and its articles in order, as `scheduled` for its time ("send now" is a time of now).
 * The newsletter must be active; an article's send may wait for its article to be published at its
 * scheduled time, but a digest carries only articles already published or due by the send's time.
 */
export async function createSend(db: Database, request: SendRequest, now: Date): Promise<number> {
  const send = checkSendRequest(request, now);
  return inTransaction(db, async (trx) => {
    const newsletter = await trx.selectFrom('newsletters').select('status').where('id', '=', send.newsletterId).executeTakeFirst();
    if (newsletter?.status !== 'active') throw new InvalidSendError('Choose an active newsletter: that one is archived or gone.', 'newsletter');
    const articles = await trx.selectFrom('articles').select(['id', 'status', 'published_at']).where('id', 'in', send.articleIds).execute();
    const dueBy = send.scheduledFor.toISOString();
    for (const id of send.articleIds) {
      const article = articles.find((each) => each.id === id);
      const isDue =
        article?.status === 'published' ||
        (article?.status === 'scheduled' && (send.kind === 'article' || (article.published_at !== null && article.published_at <= dueBy)));
      if (!isDue) throw new InvalidSendError('Every article must be published, or scheduled to be by the send’s time.', 'articles');
    }
    const { id } = await trx
      .insertInto('newsletter_sends')
      .values({
        newsletter_id: send.newsletterId,
        kind: send.kind,
        subject: send.subject,
        intro: send.intro,
        digest_day: send.digestDay,
        status: 'scheduled',
        scheduled_for: dueBy,
        created_by: send.createdBy,
        created_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('newsletter_send_articles')
      .values(send.articleIds.map((articleId, position) => ({ send_id: id, article_id: articleId, position })))
      .execute();
    return id;
  });
}

export async function findSend(db: Database, id: number): Promise<StoredSend> {
  const send = await db.selectFrom('newsletter_sends').selectAll().where('id', '=', id).executeTakeFirst();
  if (send === undefined) throw new SendNotFoundError();
  return send;
}

/**
 * Cancels a send no message of which has gone: the copies already queued are taken out, so the
 * senders find nothing left to claim. Returns the send as it was, for the audit line.
 */
export async function cancelSend(db: Database, id: number, now: Date): Promise<StoredSend> {
  return inTransaction(db, async (trx) => {
    const send = await findSend(trx, id);
    const canceled = await trx
      .updateTable('newsletter_sends')
      .set({ status: 'canceled', finished_at: now.toISOString() })
      .where('id', '=', id)
      .where('status', 'in', cancelableStatuses)
      .executeTakeFirst();
    if (canceled.numUpdatedRows === 0n) throw new SendNotCancelableError(send.status);
    await trx.deleteFrom('newsletter_deliveries').where('send_id', '=', id).where('status', '=', 'queued').execute();
    return send;
  });
}

export type SendReport = {
  send: StoredSend;
  newsletter: { id: number; name: string; slug: string };
  articles: { id: number; headline: string; slug: string; status: string }[];
  /** Copies by status; a status no copy has counts 0. */
  deliveries: Record<DeliveryStatus, number>;
  /** Recipients who opened at least one link, and every opening counted. */
  clickedRecipients: number;
  clicks: number;
};

/** What the send's page shows: its state, its articles, and its copies counted from the delivery record. */
export async function readSendReport(db: Database, id: number): Promise<SendReport> {
  const send = await findSend(db, id);
  const [newsletter, articles, byStatus, clicks] = await Promise.all([
    db.selectFrom('newsletters').select(['id', 'name', 'slug']).where('id', '=', send.newsletter_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('newsletter_send_articles')
      .innerJoin('articles', 'articles.id', 'newsletter_send_articles.article_id')
      .select(['articles.id', 'articles.headline', 'articles.slug', 'articles.status'])
      .where('newsletter_send_articles.send_id', '=', id)
      .orderBy('newsletter_send_articles.position')
      .execute(),
    db
      .selectFrom('newsletter_deliveries')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('send_id', '=', id)
      .groupBy('status')
      .execute(),
    db
      .selectFrom('newsletter_deliveries')
      .select((eb) => [eb.fn.count<number>('first_clicked_at').as('recipients'), eb.fn.sum<number>('clicks').as('clicks')])
      .where('send_id', '=', id)
      .executeTakeFirstOrThrow(),
  ]);
  const deliveries: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, suppressed: 0 };
  for (const row of byStatus) deliveries[row.status] = Number(row.n);
  return { send, newsletter, articles, deliveries, clickedRecipients: Number(clicks.recipients ?? 0), clicks: Number(clicks.clicks ?? 0) };
}

export type SendListing = Pick<StoredSend, 'id' | 'kind' | 'subject' | 'status' | 'scheduled_for' | 'recipient_count'> & { newsletterName: string };

/** The most recent sends, scheduled ones included, newest time first. */
export async function listRecentSends(db: Database, { newsletterId, limit = 50 }: { newsletterId?: number; limit?: number } = {}): Promise<SendListing[]> {
  let query = db
    .selectFrom('newsletter_sends')
    .innerJoin('newsletters', 'newsletters.id', 'newsletter_sends.newsletter_id')
    .select([
      'newsletter_sends.id',
      'newsletter_sends.kind',
      'newsletter_sends.subject',
      'newsletter_sends.status',
      'newsletter_sends.scheduled_for',
      'newsletter_sends.recipient_count',
      'newsletters.name as newsletterName',
    ]);
  if (newsletterId !== undefined) query = query.where('newsletter_sends.newsletter_id', '=', newsletterId);
  return query.orderBy('newsletter_sends.scheduled_for', 'desc').orderBy('newsletter_sends.id', 'desc').limit(limit).execute();
}

export type PickableArticle = { id: number; headline: string; sectionName: string; publishedAt: string | null; status: string };

/** Published articles for the digest composer, newest first, those whose headline holds `q` when given. */
export async function findPublishedArticles(db: Database, q: string, limit = 20): Promise<PickableArticle[]> {
  let query = db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['articles.id', 'articles.headline', 'sections.name as sectionName', 'articles.published_at as publishedAt', 'articles.status'])
    .where('articles.status', '=', 'published');
  if (q !== '') query = query.where(sql`lower(articles.headline)`, 'like', `%${q.toLowerCase().replace(/[%_\\]/g, '')}%`);
  return query.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).execute();
}

/** The chosen articles, in the order given; an id matching no article is left out. */
export async function findArticlesInOrder(db: Database, ids: readonly number[]): Promise<PickableArticle[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['articles.id', 'articles.headline', 'sections.name as sectionName', 'articles.published_at as publishedAt', 'articles.status'])
    .where('articles.id', 'in', ids)
    .execute();
  return ids.flatMap((id) => rows.filter((row) => row.id === id));
}

/**
 * An article's sends follow its publication, as the editor's save leaves it: each newsletter ticked
 * gets one send of the article, due when the article goes live (now if it is live already), unless
 * it already has one not canceled; a rescheduled article's waiting sends move with it; an article
 * made a draft again takes its waiting sends with it. Returns the sends created.
 */
export async function keepArticleSendsInStep(
  db: Database,
  {
    articleId,
    headline,
    status,
    publishedAt,
    newsletterIds,
    createdBy,
  }: {
    articleId: number;
    headline: string;
    status: 'draft' | 'scheduled' | 'published';
    publishedAt: Date | null;
    newsletterIds: readonly number[];
    createdBy: number;
  },
  now: Date,
): Promise<number[]> {
  const waiting = (query: ReturnType<typeof articleSendsOf>) => query.where('status', '=', 'scheduled');
  function articleSendsOf(trx: Database) {
    return trx
      .updateTable('newsletter_sends')
      .where('kind', '=', 'article')
      .where('id', 'in', (eb) => eb.selectFrom('newsletter_send_articles').select('send_id').where('article_id', '=', articleId));
  }
  return inTransaction(db, async (trx) => {
    if (status === 'draft' || publishedAt === null) {
      await waiting(articleSendsOf(trx)).set({ status: 'canceled', finished_at: now.toISOString() }).execute();
      return [];
    }
    const dueAt = publishedAt > now ? publishedAt : now;
    if (status === 'scheduled') await waiting(articleSendsOf(trx)).set({ scheduled_for: dueAt.toISOString() }).execute();
    const already = new Set(await newslettersCarryingArticle(trx, articleId));
    const created: number[] = [];
    for (const newsletterId of newsletterIds) {
      if (already.has(newsletterId)) continue;
      created.push(
        await createSend(trx, { newsletterId, kind: 'article', subject: headline, intro: null, articleIds: [articleId], scheduledFor: dueAt, createdBy }, now),
      );
    }
    return created;
  });
}

/** The active newsletters an article has been sent or is waiting to go to, for the editor's ticks. */
export async function newslettersCarryingArticle(db: Database, articleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('newsletter_sends')
    .innerJoin('newsletter_send_articles', 'newsletter_send_articles.send_id', 'newsletter_sends.id')
    .select('newsletter_sends.newsletter_id')
    .where('newsletter_send_articles.article_id', '=', articleId)
    .where('newsletter_sends.kind', '=', 'article')
    .where('newsletter_sends.status', '!=', 'canceled')
    .execute();
  return rows.map((row) => row.newsletter_id);
}
