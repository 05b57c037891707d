import type { GiftSubscription } from './gift-subscription.ts';
import { stateOfGiftSubscription } from './gift-subscription.ts';
import type { RedemptionClaim } from './redemption-code.ts';

/**
 * Why a redemption code does not redeem; each has its own message on the redemption page.
 * - altered: not a code we signed (mistyped, cut short, edited), or one naming no gift of ours
 * - awaiting-payment: the gift's payment has not been confirmed yet
 * - used: another reader redeemed it
 * - revoked: the desk revoked it
 */
export type RedemptionRefusal = 'altered' | 'awaiting-payment' | 'used' | 'revoked';

export type CodeVerdict =
  | { kind: 'redeemable'; giftId: number }
  /** This reader redeemed it already: a second tab or a reload says so rather than "used". */
  | { kind: 'redeemed-by-you'; giftId: number; accessUntil: Date }
  | { kind: 'refused'; reason: RedemptionRefusal };

type StoredCode = Pick<GiftSubscription, 'id' | 'paidAt' | 'deliveredAt' | 'redeemedAt' | 'redeemedBy' | 'accessUntil' | 'revokedAt' | 'revokeReason'> & {
  nonce: string;
};

/**
 * What checking a code answers. `claim` is the code as read against the key, `stored` the gift it
 * names (null when there is none), `readerId` who is asking (null when signed out). A code is good
 * from payment on, before its delivery day too, since the buyer may hand the printed code over.
 */
export function judgeRedemptionCode({ claim, stored, readerId }: { claim: RedemptionClaim; stored: StoredCode | null; readerId: number | null }): CodeVerdict {
  if (claim.kind === 'altered' || stored === null || stored.id !== claim.giftId || stored.nonce !== claim.nonce) return { kind: 'refused', reason: 'altered' };
  const state = stateOfGiftSubscription(stored);
  switch (state.kind) {
    case 'revoked':
      return { kind: 'refused', reason: 'revoked' };
    case 'awaiting-payment':
      return { kind: 'refused', reason: 'awaiting-payment' };
    case 'redeemed':
      return readerId !== null && state.readerId === readerId
        ? { kind: 'redeemed-by-you', giftId: stored.id, accessUntil: state.accessUntil }
        : { kind: 'refused', reason: 'used' };
    case 'paid':
    case 'delivered':
      return { kind: 'redeemable', giftId: stored.id };
  }
}

/**
 * What the recipient already holds when they redeem: a paid subscription that is entitled now, and
 * the end of any live gift access.
 */
export type RecipientStanding = { hasPaidSubscription: boolean; giftAccessUntil: Date | null };

export type RedemptionPlan = { kind: 'grant'; startsAt: Date } | { kind: 'refused'; reason: 'already-subscribed' };

/**
 * When a redeemed gift's access begins. A reader paying for a subscription is refused, and the code
 * stays unused for someone else or for later: their card would be charged for months the gift
 * already gives, and pausing a provider's billing to make room is more than a gift should do
 * (docs/decisions/0041-gift-subscriptions.md). A reader with gift access already gets the new months
 * after it, since nothing is billed and no month is lost.
 */
export function planRedemption(standing: RecipientStanding, now: Date): RedemptionPlan {
  if (standing.hasPaidSubscription) return { kind: 'refused', reason: 'already-subscribed' };
  const startsAt = standing.giftAccessUntil !== null && standing.giftAccessUntil > now ? standing.giftAccessUntil : now;
  return { kind: 'grant', startsAt };
}
