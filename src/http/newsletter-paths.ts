import { absoluteUrl } from './urls.ts';

/** Where a reader chooses newsletters, confirms a sign-up and leaves a list: the pages of src/web/newsletters/. */
export const newsletterPaths = {
  signUp: '/newsletters',
  confirm: '/newsletters/confirm',
  preferences: '/newsletters/preferences',
  unsubscribe: '/newsletters/unsubscribe',
  /** The preference centre on the reader's own account page, behind the session and the CSRF token. */
  account: '/account/newsletters',
} as const;

function withToken(siteUrl: URL, path: string, token: string): URL {
  return new URL(`${absoluteUrl(siteUrl, path)}?token=${encodeURIComponent(token)}`);
}

/** The one-click unsubscribe address of a message (RFC 8058's `List-Unsubscribe`), for a `u1.` token. */
export function unsubscribeUrl(siteUrl: URL, token: string): URL {
  return withToken(siteUrl, newsletterPaths.unsubscribe, token);
}

/** The footer's link to the reader's newsletter choices, for a `p1.` token. */
export function preferencesUrl(siteUrl: URL, token: string): URL {
  return withToken(siteUrl, newsletterPaths.preferences, token);
}

/** The link a sign-up's confirmation mail carries. */
export function signUpConfirmUrl(siteUrl: URL, token: string): URL {
  return withToken(siteUrl, newsletterPaths.confirm, token);
}
