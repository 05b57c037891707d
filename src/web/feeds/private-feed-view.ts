import type { LiveFeedToken } from '../../feeds/feed-tokens.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { feedFormatFiles, feedFormats } from './feed-document.ts';
import { privateFeedPath } from './feed-paths.ts';
import { absoluteUrl } from '../../http/urls.ts';

export const privateFeedPaths = { issue: '/account/feed', revoke: '/account/feed/revoke' } as const;

/**
 * "Your private feed" on the account page. Only a fingerprint of the token is kept, so the address
 * itself is shown once, when it is made (PrivateFeedIssuedView); here the reader sees whether they
 * have one, since when, and the buttons to make, replace or revoke it.
 */
export type PrivateFeedView = {
  /** Subscribers and staff may make one; others are told it comes with a subscription. */
  isEntitled: boolean;
  hasFeed: boolean;
  /** "November 20, 2026, 12:00 PM", or "" without a feed. */
  createdLabel: string;
  issueUrl: string;
  revokeUrl: string;
  offersUrl: string;
};

export function toPrivateFeedView({
  isEntitled,
  live,
  settings,
}: {
  isEntitled: boolean;
  live: LiveFeedToken | null;
  settings: PublicationSettings;
}): PrivateFeedView {
  return {
    isEntitled,
    hasFeed: live !== null,
    createdLabel: live ? formatPublicationTime(live.createdAt, settings) : '',
    issueUrl: privateFeedPaths.issue,
    revokeUrl: privateFeedPaths.revoke,
    offersUrl: accountPaths.offers,
  };
}

/** The page shown once, right after a private feed is made: its addresses, to copy into a feed reader. */
export type PrivateFeedIssuedView = {
  addresses: readonly { label: string; url: string }[];
  wasReplaced: boolean;
  accountUrl: string;
};

export function toPrivateFeedIssuedView({ token, wasReplaced, publicUrl }: { token: string; wasReplaced: boolean; publicUrl: URL }): PrivateFeedIssuedView {
  return {
    addresses: feedFormats.map((format) => ({ label: feedFormatFiles[format].label, url: absoluteUrl(publicUrl, privateFeedPath(token, format)) })),
    wasReplaced,
    accountUrl: accountPaths.account,
  };
}
