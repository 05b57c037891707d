import { absoluteUrl } from './urls.ts';

/**
 * The session-less newsletter pages a message links to (the lists part serves them). The same
 * two functions as that part's file, which replaces this one when the parts are joined.
 */
function withToken(siteUrl: URL, path: string, token: string): URL {
  return new URL(`${absoluteUrl(siteUrl, path)}?token=${encodeURIComponent(token)}`);
}

/** The one-click unsubscribe address of a message (RFC 8058's `List-Unsubscribe`), for a `u1.` token. */
export function unsubscribeUrl(siteUrl: URL, token: string): URL {
  return withToken(siteUrl, '/newsletters/unsubscribe', token);
}

/** The footer's link to the reader's newsletter choices, for a `p1.` token. */
export function preferencesUrl(siteUrl: URL, token: string): URL {
  return withToken(siteUrl, '/newsletters/preferences', token);
}
