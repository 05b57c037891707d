import { accountPaths, safeNextPath } from '../http/account-paths.ts';

/** Where checkout lives: the confirmation page (GET), the start (POST), and where a paid checkout returns. */
export const checkoutPaths = {
  checkout: '/checkout',
  done: '/checkout/done',
} as const;

const siteOrigin = 'http://dateline.invalid';

/**
 * The page a reader subscribes from, to return to once paid, or null when there is none worth
 * returning to (home, the offers page, checkout itself, or anything not a path on this site).
 */
export function parseReturnPath(raw: unknown): string | null {
  const path = safeNextPath(raw);
  const { pathname } = new URL(path, siteOrigin);
  const isNowhereToReturn = pathname === '/' || pathname === accountPaths.offers || isUnder(pathname, checkoutPaths.checkout);
  return isNowhereToReturn ? null : path;
}

/** The confirmation page for one offer, which a GET (a link, a redirect after registering) can land on. */
export function checkoutStartPath(offerSlug: string, returnPath: string | null): string {
  const query = new URLSearchParams({ offer: offerSlug });
  if (returnPath !== null) query.set('return', returnPath);
  return `${checkoutPaths.checkout}?${query.toString()}`;
}

/**
 * The confirmation page for the same offer and return path, marked to say the reader left the
 * provider's checkout without paying: where that checkout's cancel button leads.
 */
export function checkoutLeftPath(offerSlug: string, returnPath: string | null): string {
  return `${checkoutStartPath(offerSlug, returnPath)}&left=1`;
}

/**
 * Where a checkout returns the reader, and where the page that waits for its confirmation asks
 * again: `waitingSince` (whole seconds since the epoch) says since when the reader has waited.
 */
export function checkoutDonePath(checkoutId: string, waitingSince: Date | null = null): string {
  const query = new URLSearchParams({ checkout: checkoutId });
  if (waitingSince !== null) query.set('since', String(Math.floor(waitingSince.getTime() / 1000)));
  return `${checkoutPaths.done}?${query.toString()}`;
}

/** The checkout form's address: the return path rides in its query, so every offer card's form carries it. */
export function checkoutFormPath(returnPath: string | null): string {
  return returnPath === null ? checkoutPaths.checkout : `${checkoutPaths.checkout}?${new URLSearchParams({ return: returnPath }).toString()}`;
}

/**
 * Where a paid checkout sends the reader: back to the page they subscribed from, marked for the
 * welcome; to the account page when they came from there or from nowhere in particular. Checked
 * again here: a path stored before a stricter check must not be let through by it.
 */
export function paidReturnPath(returnPath: string | null): string {
  const path = storyPathOf(returnPath);
  if (path === null) return `${accountPaths.account}?changed=subscribed`;
  const url = new URL(path, siteOrigin);
  url.searchParams.set('welcome', 'subscribed');
  return `${url.pathname}${url.search}`;
}

/**
 * The story a reader subscribed from, to go back to: the return path unless it is nowhere worth
 * returning to or the account page (which has its own way back). Checked again, as above.
 */
export function storyPathOf(returnPath: string | null): string | null {
  const path = parseReturnPath(returnPath);
  return path === null || isUnder(new URL(path, siteOrigin).pathname, accountPaths.account) ? null : path;
}

/** The page at `base` or one below it ("/account/password"), not a neighbour that starts alike ("/accounting/x"). */
function isUnder(pathname: string, base: string): boolean {
  return pathname === base || pathname.startsWith(`${base}/`);
}
