import { absoluteUrl } from './urls.ts';

/** Where gift subscriptions are bought, their receipt shown and redeemed: the pages of src/web/gift-subscriptions/. */
export const giftSubscriptionPaths = {
  buy: '/gift-subscriptions',
  receipt: '/gift-subscriptions/receipt',
  redeem: '/gift-subscriptions/redeem',
} as const;

/** The receipt of a gift's checkout, where a paid checkout returns the buyer; `since` as on /checkout/done. */
export function giftReceiptPath(checkoutId: string, waitingSince: Date | null = null): string {
  const query = new URLSearchParams({ checkout: checkoutId });
  if (waitingSince !== null) query.set('since', String(Math.floor(waitingSince.getTime() / 1000)));
  return `${giftSubscriptionPaths.receipt}?${query.toString()}`;
}

/** The redemption link a gift's mail and the buyer's receipt carry. */
export function redemptionUrl(siteUrl: URL, code: string): URL {
  return new URL(`${absoluteUrl(siteUrl, giftSubscriptionPaths.redeem)}?code=${encodeURIComponent(code)}`);
}

/** Where the reminder before a gift ends leads: the checkout of the offer the publication chose, else all offers. */
export function continuationUrl(siteUrl: URL, offerSlug: string | null): URL {
  return new URL(offerSlug === null ? absoluteUrl(siteUrl, '/offers') : `${absoluteUrl(siteUrl, '/checkout')}?offer=${encodeURIComponent(offerSlug)}`);
}
