import type { RedemptionOutcome } from '../../gift-subscriptions/redeem-gift-subscription.ts';
import type { StoredGiftSubscription } from '../../gift-subscriptions/gift-subscription-repository.ts';
import type { RedemptionRefusal } from '../../gift-subscriptions/redemption-rules.ts';

/**
 * The redemption page: `sign-in` asks a signed-out recipient to log in or register (then brings them
 * back), `redeemable` offers the button, `yours` says the reader holds the gift's access and until
 * when, `refused` says why the code does not redeem.
 */
export type RedemptionPageView = {
  state: 'sign-in' | 'redeemable' | 'yours' | 'refused';
  csrfToken: string;
  code: string;
  buyerName: string;
  recipientName: string;
  message: string;
  months: number;
  accessUntilLabel: string;
  refusal: string;
  logInUrl: string;
  registerUrl: string;
  readUrl: string;
};

export const refusalMessages: Record<RedemptionRefusal | 'already-subscribed', string> = {
  altered: 'This gift code is not valid: it may have been mistyped or cut short. Copy the whole link from the gift email or the printed page.',
  'awaiting-payment': 'This gift has not been paid for yet. Try the link again in a few minutes.',
  used: 'This gift code has already been used.',
  revoked: 'This gift code was cancelled by the publication and can no longer be used.',
  'already-subscribed':
    'You already have a paid subscription, so this gift was not used. Keep the code for someone else, or redeem it once your subscription has ended.',
};

/** The HTTP status of each refusal: the page says which either way. */
export const refusalStatuses: Record<RedemptionRefusal | 'already-subscribed', number> = {
  altered: 400,
  'awaiting-payment': 409,
  used: 410,
  revoked: 410,
  'already-subscribed': 409,
};

export function giftFieldsOf(gift: StoredGiftSubscription | null): Pick<RedemptionPageView, 'buyerName' | 'recipientName' | 'message' | 'months'> {
  return gift === null
    ? { buyerName: '', recipientName: '', message: '', months: 0 }
    : { buyerName: gift.buyerName, recipientName: gift.recipientName, message: gift.message, months: gift.months };
}

export type RedemptionShown = { state: RedemptionPageView['state']; status: number; accessUntil: Date | null; refusal: string };

/** What the page shows after a redemption was tried. */
export function shownAfterRedemption(outcome: RedemptionOutcome): RedemptionShown {
  if (outcome.kind === 'refused')
    return { state: 'refused', status: refusalStatuses[outcome.reason], accessUntil: null, refusal: refusalMessages[outcome.reason] };
  return { state: 'yours', status: 200, accessUntil: outcome.accessUntil, refusal: '' };
}
