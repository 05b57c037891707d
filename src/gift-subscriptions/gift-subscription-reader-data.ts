import type { Database } from '../db/database.ts';

/** A gift subscription as a reader's download gives it: the side they were on and what the gift was. */
export type GiftSubscriptionData = {
  role: 'bought' | 'received';
  months: number;
  buyerName: string;
  recipientName: string;
  message: string;
  deliveryDay: string;
  paidAt: string | null;
  redeemedAt: string | null;
  accessUntil: string | null;
  revokedAt: string | null;
};

/** The gifts a reader bought (signed in or with their address) or redeemed, in the order they were bought. */
export async function collectGiftSubscriptionData(db: Database, { id, email }: { id: number; email: string }): Promise<GiftSubscriptionData[]> {
  const rows = await db
    .selectFrom('gift_subscriptions')
    .selectAll()
    .where((eb) => eb.or([eb('buyer_account_id', '=', id), eb('buyer_email', '=', email), eb('redeemed_by', '=', id)]))
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    role: row.redeemed_by === id ? 'received' : 'bought',
    months: row.months,
    buyerName: row.buyer_name,
    recipientName: row.recipient_name,
    message: row.message,
    deliveryDay: row.delivery_day,
    paidAt: row.paid_at,
    redeemedAt: row.redeemed_at,
    accessUntil: row.access_until,
    revokedAt: row.revoked_at,
  }));
}

/**
 * An erased reader's part of the gifts, inside the erasure's transaction. A gift is a sale, kept as
 * the ledger keeps payments; what names the reader goes: their name and address on the side they
 * were on, and the message, which the buyer wrote to the recipient and names both.
 */
export async function clearGiftSubscriptionIdentity(trx: Database, { id, email }: { id: number; email: string }): Promise<void> {
  await trx
    .updateTable('gift_subscriptions')
    .set({ buyer_name: '', buyer_email: '', buyer_account_id: null, message: '' })
    .where((eb) => eb.or([eb('buyer_account_id', '=', id), eb('buyer_email', '=', email)]))
    .execute();
  await trx
    .updateTable('gift_subscriptions')
    .set({ recipient_name: '', recipient_email: '', message: '' })
    .where((eb) => eb.or([eb('redeemed_by', '=', id), eb('recipient_email', '=', email)]))
    .execute();
}
