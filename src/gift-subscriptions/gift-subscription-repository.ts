import type { Selectable } from 'kysely';
import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';
import type { Database } from '../db/database.ts';
import { type GiftDuration, isGiftDuration } from './gift-calendar.ts';
import type { GiftSubscription } from './gift-subscription.ts';
import type { GiftSubscriptionTables } from './gift-subscription-tables.ts';

export type GiftSubscriptionRow = Selectable<GiftSubscriptionTables['gift_subscriptions']>;

/** A gift as stored: the domain's gift with what only the purchase and the code need. */
export type StoredGiftSubscription = GiftSubscription & {
  priceMinor: number;
  currency: string;
  buyerAccountId: number | null;
  codeNonce: string;
  provider: PaymentProviderKind;
  checkoutSessionId: string | null;
  providerSessionId: string | null;
  createdAt: Date;
};

const date = (text: string | null) => (text === null ? null : new Date(text));

function monthsOf(months: number): GiftDuration {
  if (!isGiftDuration(months)) throw new RangeError(`A gift subscription of ${months} months`);
  return months;
}

export function toGiftSubscription(row: GiftSubscriptionRow): StoredGiftSubscription {
  return {
    id: row.id,
    planId: row.plan_id,
    months: monthsOf(row.months),
    priceMinor: row.price_minor,
    currency: row.currency,
    buyerName: row.buyer_name,
    buyerEmail: row.buyer_email,
    buyerAccountId: row.buyer_account_id,
    recipientName: row.recipient_name,
    recipientEmail: row.recipient_email,
    message: row.message,
    deliveryDay: row.delivery_day,
    deliverAt: new Date(row.deliver_at),
    codeNonce: row.code_nonce,
    provider: row.provider,
    checkoutSessionId: row.checkout_session_id,
    providerSessionId: row.provider_session_id,
    paidAt: date(row.paid_at),
    deliveredAt: date(row.delivered_at),
    redeemedAt: date(row.redeemed_at),
    redeemedBy: row.redeemed_by,
    accessUntil: date(row.access_until),
    reminderSentAt: date(row.reminder_sent_at),
    revokedAt: date(row.revoked_at),
    revokeReason: row.revoke_reason,
    createdAt: new Date(row.created_at),
  };
}

export type NewGiftSubscription = Pick<
  StoredGiftSubscription,
  | 'planId'
  | 'months'
  | 'priceMinor'
  | 'currency'
  | 'buyerName'
  | 'buyerEmail'
  | 'buyerAccountId'
  | 'recipientName'
  | 'recipientEmail'
  | 'message'
  | 'deliveryDay'
  | 'deliverAt'
  | 'codeNonce'
  | 'provider'
>;

/** Records a purchase before its payment: the checkout names the gift, and its confirmation marks it paid. */
export async function insertGiftSubscription(db: Database, gift: NewGiftSubscription, now: Date): Promise<number> {
  const row = await db
    .insertInto('gift_subscriptions')
    .values({
      plan_id: gift.planId,
      months: gift.months,
      price_minor: gift.priceMinor,
      currency: gift.currency,
      buyer_name: gift.buyerName,
      buyer_email: gift.buyerEmail,
      buyer_account_id: gift.buyerAccountId,
      recipient_name: gift.recipientName,
      recipient_email: gift.recipientEmail,
      message: gift.message,
      delivery_day: gift.deliveryDay,
      deliver_at: gift.deliverAt.toISOString(),
      code_nonce: gift.codeNonce,
      provider: gift.provider,
      checkout_session_id: null,
      provider_session_id: null,
      paid_at: null,
      delivered_at: null,
      redeemed_at: null,
      redeemed_by: null,
      access_until: null,
      reminder_sent_at: null,
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findGiftSubscription(db: Database, id: number): Promise<StoredGiftSubscription | undefined> {
  const row = await db.selectFrom('gift_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toGiftSubscription(row) : undefined;
}

export async function findGiftSubscriptionByCheckout(db: Database, checkoutSessionId: string): Promise<StoredGiftSubscription | undefined> {
  const row = await db.selectFrom('gift_subscriptions').selectAll().where('checkout_session_id', '=', checkoutSessionId).executeTakeFirst();
  return row ? toGiftSubscription(row) : undefined;
}

/** Names the gift's checkout: Dateline's own id for it, and the provider's (null in test mode). */
export async function setGiftCheckout(
  db: Database,
  id: number,
  { checkoutId, providerSessionId }: { checkoutId: string; providerSessionId: string | null },
): Promise<void> {
  await db.updateTable('gift_subscriptions').set({ checkout_session_id: checkoutId, provider_session_id: providerSessionId }).where('id', '=', id).execute();
}

/** Marks the gift paid; false when it already was (the checkout's return and the webhook both confirm), which changes nothing. */
export async function markGiftPaid(db: Database, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('gift_subscriptions')
    .set({ paid_at: now.toISOString() })
    .where('id', '=', id)
    .where('paid_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Redeems the gift for a reader, if it is still redeemable: paid, not redeemed, not revoked. The
 * condition is in the update, so of two redemptions at once only one changes the row; false for the
 * other, which then reads what happened.
 */
export async function redeemGiftRow(
  db: Database,
  { id, readerId, accessUntil }: { id: number; readerId: number; accessUntil: Date },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('gift_subscriptions')
    .set({ redeemed_at: now.toISOString(), redeemed_by: readerId, access_until: accessUntil.toISOString() })
    .where('id', '=', id)
    .where('paid_at', 'is not', null)
    .where('redeemed_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes the gift at `now`; false when it already was. */
export async function revokeGiftRow(db: Database, { id, by, reason }: { id: number; by: number; reason: string }, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('gift_subscriptions')
    .set({ revoked_at: now.toISOString(), revoked_by: by, revoke_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Claims a gift's delivery for one mail; false when another round or instance already did, so no restart mails twice. */
export async function claimGiftDelivery(db: Database, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('gift_subscriptions')
    .set({ delivered_at: now.toISOString() })
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .where('redeemed_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Claims a gift's reminder for one mail; false when it was already claimed. */
export async function claimGiftReminder(db: Database, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('gift_subscriptions')
    .set({ reminder_sent_at: now.toISOString() })
    .where('id', '=', id)
    .where('reminder_sent_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives a delivery's claim back after its mail could not be sent, so the next pass tries again. */
export async function releaseGiftDelivery(db: Database, id: number): Promise<void> {
  await db.updateTable('gift_subscriptions').set({ delivered_at: null }).where('id', '=', id).execute();
}

/** Gives a reminder's claim back after its mail could not be sent. */
export async function releaseGiftReminder(db: Database, id: number): Promise<void> {
  await db.updateTable('gift_subscriptions').set({ reminder_sent_at: null }).where('id', '=', id).execute();
}

/** Paid gifts whose delivery moment has come and that nobody has delivered, redeemed or revoked. */
export async function listGiftsDueForDelivery(db: Database, now: Date, limit: number): Promise<StoredGiftSubscription[]> {
  const rows = await db
    .selectFrom('gift_subscriptions')
    .selectAll()
    .where('deliver_at', '<=', now.toISOString())
    .where('paid_at', 'is not', null)
    .where('delivered_at', 'is', null)
    .where('redeemed_at', 'is', null)
    .where('revoked_at', 'is', null)
    .orderBy('deliver_at')
    .limit(limit)
    .execute();
  return rows.map(toGiftSubscription);
}

/** Redeemed, live gifts ending within `before`, not yet reminded; the caller judges each with isReminderDue. */
export async function listGiftsEndingBefore(db: Database, { now, before }: { now: Date; before: Date }, limit: number): Promise<StoredGiftSubscription[]> {
  const rows = await db
    .selectFrom('gift_subscriptions')
    .selectAll()
    .where('access_until', '>', now.toISOString())
    .where('access_until', '<=', before.toISOString())
    .where('reminder_sent_at', 'is', null)
    .where('revoked_at', 'is', null)
    .orderBy('access_until')
    .limit(limit)
    .execute();
  return rows.map(toGiftSubscription);
}

/**
 * The live gift that entitles a reader at `now`, if any, as the plan whose access it gives and when
 * the reader's gift access ends (the latest end among their live gifts, since they follow each
 * other).
 */
export async function findLiveGiftAccess(db: Database, readerId: number, now: Date): Promise<{ planId: number; accessUntil: Date } | undefined> {
  const row = await db
    .selectFrom('gift_subscriptions')
    .select(['plan_id', 'access_until'])
    .where('redeemed_by', '=', readerId)
    .where('redeemed_at', '<=', now.toISOString())
    .where('access_until', '>', now.toISOString())
    .where('revoked_at', 'is', null)
    .orderBy('access_until', 'desc')
    .executeTakeFirst();
  return row?.access_until ? { planId: row.plan_id, accessUntil: new Date(row.access_until) } : undefined;
}

/** The plans of the live gifts of each of these readers at `now`, for a send's batch (ids within the database's parameter limit). */
export async function listLiveGiftPlansOf(db: Database, readerIds: readonly number[], now: Date): Promise<Map<number, number[]>> {
  const plans = new Map<number, number[]>();
  if (readerIds.length === 0) return plans;
  const rows = await db
    .selectFrom('gift_subscriptions')
    .select(['redeemed_by', 'plan_id'])
    .where('redeemed_by', 'in', readerIds)
    .where('redeemed_at', '<=', now.toISOString())
    .where('access_until', '>', now.toISOString())
    .where('revoked_at', 'is', null)
    .execute();
  for (const row of rows) if (row.redeemed_by !== null) plans.set(row.redeemed_by, [...(plans.get(row.redeemed_by) ?? []), row.plan_id]);
  return plans;
}

/** The gifts a reader bought (signed in, or with their address) and received, the newest first, for the desk's reader page. */
export async function listGiftsOfReader(
  db: Database,
  { readerId, email }: { readerId: number; email: string },
): Promise<{ bought: StoredGiftSubscription[]; received: StoredGiftSubscription[] }> {
  const [bought, received] = await Promise.all([
    db
      .selectFrom('gift_subscriptions')
      .selectAll()
      .where((eb) => eb.or([eb('buyer_account_id', '=', readerId), eb('buyer_email', '=', email)]))
      .orderBy('id', 'desc')
      .execute(),
    db.selectFrom('gift_subscriptions').selectAll().where('redeemed_by', '=', readerId).orderBy('id', 'desc').execute(),
  ]);
  return { bought: bought.map(toGiftSubscription), received: received.map(toGiftSubscription) };
}
