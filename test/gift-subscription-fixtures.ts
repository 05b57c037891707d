import type { Database } from '../src/db/database.ts';
import {
  claimGiftDelivery,
  insertGiftSubscription,
  markGiftPaid,
  redeemGiftRow,
  revokeGiftRow,
} from '../src/gift-subscriptions/gift-subscription-repository.ts';
import { newRedemptionNonce } from '../src/gift-subscriptions/redemption-code.ts';

/**
 * A three-month gift subscription of the plan, paid and redeemed by the reader now; with `revokedBy`,
 * revoked by that staff account afterwards. Returns the gift's id.
 */
export async function addRedeemedGiftSubscription(
  db: Database,
  { accountId, planId, now, revokedBy = null }: { accountId: number; planId: number; now: Date; revokedBy?: number | null },
): Promise<number> {
  const state = revokedBy === null ? 'redeemed' : 'revoked';
  return plantGiftSubscription(db, { planId, now, state, recipientEmail: `recipient-${accountId}@example.org`, redeemedBy: accountId, revokedBy });
}

type PlantedGift = {
  planId: number;
  now: Date;
  state: 'awaiting-payment' | 'paid' | 'delivered' | 'redeemed' | 'revoked';
  months?: 3 | 6 | 12;
  buyerName?: string;
  buyerEmail?: string;
  buyerAccountId?: number | null;
  recipientName?: string;
  recipientEmail?: string;
  /** The reader who redeemed it, for a redeemed gift (and a revoked one, if it was redeemed first). */
  redeemedBy?: number | null;
  /** The staff account that revoked it, for a revoked gift. */
  revokedBy?: number | null;
};

/** A gift subscription bought now and taken to the state asked for: paid, delivered, redeemed (for `redeemedBy`, 3 months) or revoked. Returns its id. */
export async function plantGiftSubscription(
  db: Database,
  {
    planId,
    now,
    state,
    months = 3,
    buyerName = 'Ines Giver',
    buyerEmail = 'ines@example.org',
    buyerAccountId = null,
    recipientName = 'Olu Friend',
    recipientEmail = 'olu@example.org',
    redeemedBy = null,
    revokedBy = null,
  }: PlantedGift,
): Promise<number> {
  const id = await insertGiftSubscription(
    db,
    {
      planId,
      months,
      priceMinor: months * 1500,
      currency: 'USD',
      buyerName,
      buyerEmail,
      buyerAccountId,
      recipientName,
      recipientEmail,
      message: 'Read well',
      deliveryDay: now.toISOString().slice(0, 10),
      deliverAt: now,
      codeNonce: newRedemptionNonce(),
      provider: 'test',
    },
    now,
  );
  if (state === 'awaiting-payment') return id;
  await markGiftPaid(db, id, now);
  if (state === 'delivered') await claimGiftDelivery(db, id, now);
  if (redeemedBy !== null && (state === 'redeemed' || state === 'revoked')) {
    await redeemGiftRow(db, { id, readerId: redeemedBy, accessUntil: new Date(now.getTime() + months * 30 * 86_400_000) }, now);
  }
  if (state === 'revoked' && revokedBy !== null) await revokeGiftRow(db, { id, by: revokedBy, reason: 'Paid with a stolen card' }, now);
  return id;
}
