import type { Database } from '../db/database.ts';
import type { LinkedDelivery } from './newsletter-link-judgement.ts';

/** A delivery a link names, with its newsletter's slug: the read's campaign in the ledger and for the meter rules. */
export type LinkedDeliveryRow = LinkedDelivery & { newsletterSlug: string };

/**
 * The delivery a newsletter link names, with whether its send carries `articleId`: looked up by
 * primary keys only, and only for a link that already verified.
 */
export async function findLinkedDelivery(
  db: Database,
  { deliveryId, articleId }: { deliveryId: number; articleId: number },
): Promise<LinkedDeliveryRow | null> {
  const row = await db
    .selectFrom('newsletter_deliveries as d')
    .innerJoin('newsletter_sends as s', 's.id', 'd.send_id')
    .innerJoin('newsletters as n', 'n.id', 's.newsletter_id')
    .leftJoin('newsletter_send_articles as sa', (join) => join.onRef('sa.send_id', '=', 'd.send_id').on('sa.article_id', '=', articleId))
    .select(['d.id', 'd.account_id', 'd.links_revoked_at', 'sa.article_id', 'n.slug'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (row === undefined) return null;
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    isRevoked: row.links_revoked_at !== null,
    carriesArticle: row.article_id !== null,
    newsletterSlug: row.slug,
  };
}

/** Counts one click on a delivery's links, and when it was first clicked. */
export async function recordNewsletterClick(db: Database, { deliveryId, now }: { deliveryId: number; now: Date }): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set((eb) => ({
      clicks: eb('clicks', '+', 1),
      first_clicked_at: eb.fn.coalesce('first_clicked_at', eb.val(now.toISOString())),
    }))
    .where('id', '=', deliveryId)
    .execute();
}

/** Stops every link in every newsletter the reader was sent from crediting anyone: how many deliveries that newly revoked. */
export async function revokeNewsletterLinksOf(db: Database, { accountId, now }: { accountId: number; now: Date }): Promise<number> {
  const result = await db
    .updateTable('newsletter_deliveries')
    .set({ links_revoked_at: now.toISOString() })
    .where('account_id', '=', accountId)
    .where('links_revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
