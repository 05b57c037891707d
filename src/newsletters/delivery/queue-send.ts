import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';

/** Recipients inserted by one statement: small enough that no other writer waits long on it, large enough that 100,000 take a few seconds. */
const recipientsPerStatement = 5000;
/** A send left 'queueing' this long was being queued by an instance that died; another picks it up (its inserts are idempotent). */
const abandonedQueueingMs = 10 * 60_000;

/**
 * Turns a due send into its queue: one delivery per recipient. The send is claimed first by a
 * conditional update (scheduled → queueing), so of several instances only one queues it. A send
 * whose articles are not all published yet stays scheduled and is looked at again on the next pass.
 *
 * Recipients are the newsletter's subscribed readers, inserted by INSERT … SELECT in slices of
 * account ids, so the rows never pass through this process and memory stays flat whatever the
 * audience. A reader whose address is suppressed gets a 'suppressed' delivery rather than none: the
 * send's record then says who was left out and why, at no extra cost (docs/decisions/0036). The
 * audience rule 'subscribers' is checked as each copy is sent, with the entitlement rules the
 * variant is decided by, since a subscription may end between queueing and sending.
 *
 * Returns the number of recipients queued to be mailed (0 when the send was not this call's to queue).
 */
export async function queueSend(db: Kysely<Tables>, sendId: number, now: Date): Promise<number> {
  const stamp = now.toISOString();
  const unpublished = await db
    .selectFrom('newsletter_send_articles')
    .innerJoin('articles', 'articles.id', 'newsletter_send_articles.article_id')
    .select('articles.id')
    .where('newsletter_send_articles.send_id', '=', sendId)
    .where((where) => where.or([where('articles.status', '!=', 'published'), where('articles.published_at', '>', stamp)]))
    .executeTakeFirst();
  if (unpublished) return 0;

  const claimed = await db
    .updateTable('newsletter_sends')
    .set({ status: 'queueing', queued_at: stamp })
    .where('id', '=', sendId)
    .where((where) =>
      where.or([
        where('status', '=', 'scheduled'),
        where.and([where('status', '=', 'queueing'), where('queued_at', '<=', new Date(now.getTime() - abandonedQueueingMs).toISOString())]),
      ]),
    )
    .returning(['newsletter_id'])
    .executeTakeFirst();
  if (!claimed) return 0;

  let after = 0;
  for (;;) {
    // The slice's last account: the one `recipientsPerStatement` on from where the last slice ended.
    const bound = await db
      .selectFrom('newsletter_subscriptions')
      .select('account_id')
      .where('newsletter_id', '=', claimed.newsletter_id)
      .where('status', '=', 'subscribed')
      .where('account_id', '>', after)
      .orderBy('account_id')
      .offset(recipientsPerStatement - 1)
      .limit(1)
      .executeTakeFirst();
    const through = bound?.account_id ?? null;
    await sql`
      insert into newsletter_deliveries (send_id, account_id, status)
      select ${sendId}, subscription.account_id,
        case when exists (select 1 from email_suppressions where email_suppressions.email = account.email) then 'suppressed' else 'queued' end
      from newsletter_subscriptions subscription
      join accounts account on account.id = subscription.account_id
      where subscription.newsletter_id = ${claimed.newsletter_id} and subscription.status = 'subscribed'
        and subscription.account_id > ${after} ${through === null ? sql`` : sql`and subscription.account_id <= ${through}`}
      on conflict (send_id, account_id) do nothing`.execute(db);
    if (through === null) break;
    after = through;
  }

  const counted = await db
    .selectFrom('newsletter_deliveries')
    .select((select) => select.fn.countAll<number | string>().as('count'))
    .where('send_id', '=', sendId)
    .where('status', '!=', 'suppressed')
    .executeTakeFirstOrThrow();
  const recipients = Number(counted.count);
  await db
    .updateTable('newsletter_sends')
    .set({ status: recipients === 0 ? 'sent' : 'sending', recipient_count: recipients, finished_at: recipients === 0 ? stamp : null })
    .where('id', '=', sendId)
    .where('status', '=', 'queueing')
    .execute();
  return recipients;
}

/** The job loop's pass: queues every send that is due, and closes those whose deliveries are all done. */
export async function queueDueSends(db: Kysely<Tables>, now: Date): Promise<{ queued: number; finished: number }> {
  const due = await db
    .selectFrom('newsletter_sends')
    .select('id')
    .where((where) =>
      where.or([
        where.and([where('status', '=', 'scheduled'), where('scheduled_for', '<=', now.toISOString())]),
        where.and([where('status', '=', 'queueing'), where('queued_at', '<=', new Date(now.getTime() - abandonedQueueingMs).toISOString())]),
      ]),
    )
    .orderBy('scheduled_for')
    .execute();
  let queued = 0;
  for (const send of due) queued += await queueSend(db, send.id, now);
  const finished = await finishSends(db, now);
  return { queued, finished };
}

/** Marks sent every sending send with no delivery left to send. Safe to race: the update is conditional. */
export async function finishSends(db: Kysely<Tables>, now: Date, sendIds?: readonly number[]): Promise<number> {
  if (sendIds !== undefined && sendIds.length === 0) return 0;
  const result = await db
    .updateTable('newsletter_sends')
    .set({ status: 'sent', finished_at: now.toISOString() })
    .where('status', '=', 'sending')
    .$if(sendIds !== undefined, (query) => query.where('id', 'in', sendIds ?? []))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('newsletter_deliveries')
            .select('newsletter_deliveries.id')
            .whereRef('newsletter_deliveries.send_id', '=', 'newsletter_sends.id')
            .where('newsletter_deliveries.status', 'in', ['queued', 'sending']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
