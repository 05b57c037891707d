import type { GiftDuration } from './gift-calendar.ts';

/**
 * A gift subscription: someone pays once for months of a plan's access for someone else. The
 * recipient redeems its code (mailed on the delivery day, or handed over from the buyer's receipt)
 * and reads as a subscriber until `accessUntil`; nothing renews.
 */
export type GiftSubscription = {
  id: number;
  planId: number;
  months: GiftDuration;
  buyerName: string;
  buyerEmail: string;
  recipientName: string;
  recipientEmail: string;
  message: string;
  /** The publication's calendar day the recipient is mailed on, "YYYY-MM-DD". */
  deliveryDay: string;
  /** The start of that day on the publication's clock, when the purchase was made. */
  deliverAt: Date;
  paidAt: Date | null;
  deliveredAt: Date | null;
  redeemedAt: Date | null;
  redeemedBy: number | null;
  accessUntil: Date | null;
  reminderSentAt: Date | null;
  revokedAt: Date | null;
  revokeReason: string | null;
};

/**
 * Where a gift stands. A revoked gift says so whatever came before, since that is what the desk
 * did; a redeemed one carries the access it gave.
 */
export type GiftSubscriptionState =
  | { kind: 'awaiting-payment' }
  | { kind: 'paid'; paidAt: Date }
  | { kind: 'delivered'; deliveredAt: Date }
  /** `readerId` is null once the recipient's account is erased: the gift stays used. */
  | { kind: 'redeemed'; redeemedAt: Date; readerId: number | null; accessUntil: Date }
  | { kind: 'revoked'; revokedAt: Date; reason: string };

type StateFields = Pick<GiftSubscription, 'paidAt' | 'deliveredAt' | 'redeemedAt' | 'redeemedBy' | 'accessUntil' | 'revokedAt' | 'revokeReason'>;

export function stateOfGiftSubscription(gift: StateFields): GiftSubscriptionState {
  if (gift.revokedAt !== null) return { kind: 'revoked', revokedAt: gift.revokedAt, reason: gift.revokeReason ?? '' };
  if (gift.redeemedAt !== null && gift.accessUntil !== null) {
    return { kind: 'redeemed', redeemedAt: gift.redeemedAt, readerId: gift.redeemedBy, accessUntil: gift.accessUntil };
  }
  if (gift.paidAt === null) return { kind: 'awaiting-payment' };
  if (gift.deliveredAt !== null) return { kind: 'delivered', deliveredAt: gift.deliveredAt };
  return { kind: 'paid', paidAt: gift.paidAt };
}

/** Whether the gift entitles its recipient at `now`: redeemed, not revoked, not yet ended. */
export function isGiftAccessLive(gift: StateFields, now: Date): boolean {
  const state = stateOfGiftSubscription(gift);
  return state.kind === 'redeemed' && now < state.accessUntil;
}

/**
 * Whether the job loop should mail the recipient now: paid, not yet delivered, not redeemed (a
 * buyer who handed the code over in person has nothing left to deliver), not revoked, its day come.
 */
export function isDeliveryDue(gift: StateFields & Pick<GiftSubscription, 'deliverAt'>, now: Date): boolean {
  return stateOfGiftSubscription(gift).kind === 'paid' && gift.deliverAt <= now;
}

/** When the reminder that access is ending is due: `reminderDays` before its end. */
export function reminderDueAt(accessUntil: Date, reminderDays: number): Date {
  return new Date(accessUntil.getTime() - reminderDays * 24 * 60 * 60 * 1000);
}

/** Whether the job loop should remind the recipient now: live access, within the reminder's days of its end, not yet reminded. */
export function isReminderDue(
  gift: StateFields & Pick<GiftSubscription, 'reminderSentAt'>,
  { now, reminderDays }: { now: Date; reminderDays: number },
): boolean {
  const state = stateOfGiftSubscription(gift);
  if (state.kind !== 'redeemed' || gift.reminderSentAt !== null) return false;
  return reminderDueAt(state.accessUntil, reminderDays) <= now && now < state.accessUntil;
}

/** Whether the desk may revoke the gift: any gift not already revoked. A redeemed one loses its access at once. */
export function canRevokeGift(gift: StateFields): boolean {
  return stateOfGiftSubscription(gift).kind !== 'revoked';
}
