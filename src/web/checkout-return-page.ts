import type { CheckoutReturn } from '../commerce/checkout-return.ts';
import { checkoutDonePath, checkoutLeftPath, paidReturnPath, parseReturnPath, storyPathOf } from './checkout-paths.ts';

/**
 * What a reader back from checkout is shown: the story they subscribed from (or their account),
 * with the welcome; the confirmation page again when they never paid; or, while the subscription
 * is confirmed, a page that waits. It asks again by itself every few seconds (`askAgain`), says
 * honestly when it is taking longer than usual, and stops asking after a while, when the mailed
 * confirmation is the better way on.
 */
export type CheckoutReturnPage =
  | { kind: 'not-found' }
  | { kind: 'redirect'; to: string }
  | {
      kind: 'waiting';
      isTakingLong: boolean;
      /** How soon the page asks again by itself (site.js, with a button for the reader without script); null once it no longer does. */
      askAgainAfterSeconds: number | null;
      /** The done address again, carrying since when the reader has waited: asked by the page, or by the reader's hand. */
      checkAgainUrl: string;
      /** The story subscribed from, or null when the reader came from nowhere in particular. */
      storyPath: string | null;
    };

/** A minute, as a reader feels it: after this the page says it is taking longer than usual. */
export const usualWaitSeconds = 60;
/** How often the page asks while the wait is usual, and after. */
export const askAgainSeconds = { usual: 3, long: 15 } as const;
/** After this the page stops asking by itself: the confirmation mail follows when Stripe's event arrives. */
export const stopAskingAfterSeconds = 15 * 60;

/**
 * Decides the page from where the return stands and how long the reader has waited. `waitingSince`
 * comes from the address, so it is taken only when it is a time already past; otherwise the wait
 * starts now.
 */
export function decideCheckoutReturnPage(
  settled: CheckoutReturn,
  { checkoutId, waitingSince, now }: { checkoutId: string; waitingSince: Date | null; now: Date },
): CheckoutReturnPage {
  switch (settled.kind) {
    case 'not-found':
      return { kind: 'not-found' };
    case 'subscribed':
      return { kind: 'redirect', to: paidReturnPath(settled.returnPath) };
    case 'unpaid':
      return { kind: 'redirect', to: checkoutLeftPath(settled.offerSlug, parseReturnPath(settled.returnPath)) };
    case 'confirming': {
      const since = waitingSince !== null && waitingSince.getTime() <= now.getTime() ? waitingSince : now;
      const waitedSeconds = (now.getTime() - since.getTime()) / 1000;
      const isTakingLong = waitedSeconds >= usualWaitSeconds;
      const url = checkoutDonePath(checkoutId, since);
      return {
        kind: 'waiting',
        isTakingLong,
        askAgainAfterSeconds: waitedSeconds >= stopAskingAfterSeconds ? null : isTakingLong ? askAgainSeconds.long : askAgainSeconds.usual,
        checkAgainUrl: url,
        storyPath: storyPathOf(settled.returnPath),
      };
    }
  }
}
