/**
 * Where a visit came from, read off the request alone (its Referer and its `utm_*` parameters), so
 * the ledger and the meter rules agree without keeping anything about the reader.
 */
export const visitSources = ['search', 'social', 'newsletter', 'campaign', 'internal', 'referral', 'direct'] as const;
export type VisitSource = (typeof visitSources)[number];

export type Visit = { source: VisitSource; campaign: string | null };

// Hosts, anchored at both ends: a look-alike such as google.com.example.net is a referral.
const searchEngines = [
  /(^|\.)google\.(com|[a-z]{2})(\.[a-z]{2})?$/,
  /(^|\.)bing\.com$/,
  /(^|\.)duckduckgo\.com$/,
  /(^|\.)search\.yahoo\.(com|[a-z]{2})(\.[a-z]{2})?$/,
  /(^|\.)ecosia\.org$/,
  /(^|\.)baidu\.com$/,
  /(^|\.)yandex\.(com|ru|[a-z]{2})$/,
  /(^|\.)qwant\.com$/,
  /(^|\.)startpage\.com$/,
  /^search\.brave\.com$/,
  /(^|\.)kagi\.com$/,
];
const socialNetworks = [
  /(^|\.)facebook\.com$/,
  /^(l\.)?fb\.com$/,
  /^t\.co$/,
  /(^|\.)twitter\.com$/,
  /(^|\.)x\.com$/,
  /(^|\.)linkedin\.com$/,
  /^lnkd\.in$/,
  /(^|\.)reddit\.com$/,
  /(^|\.)instagram\.com$/,
  /(^|\.)threads\.net$/,
  /^bsky\.app$/,
  /^news\.ycombinator\.com$/,
  /(^|\.)whatsapp\.com$/,
  /(^|\.)mastodon\.social$/,
  /(^|\.)tiktok\.com$/,
  /(^|\.)youtube\.com$/,
  /(^|\.)pinterest\.(com|[a-z]{2})(\.[a-z]{2})?$/,
];
const newsletterMediums = new Set(['email', 'e-mail', 'newsletter']);
const longestCampaign = 100;

function hostOf(referer: string | undefined): string | null {
  if (referer === undefined || referer === '') return null;
  try {
    return new URL(referer).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

function campaignOf(query: Record<string, unknown>): string | null {
  const named = [query.utm_campaign, query.utm_source].find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return named === undefined ? null : named.trim().slice(0, longestCampaign);
}

/**
 * The source of a request: a newsletter's or campaign's `utm_*` parameters first (they are the
 * publication's own links), then the referring site, and `direct` when nothing says.
 */
export function visitOf({ referer, query, siteHost }: { referer: string | undefined; query: Record<string, unknown>; siteHost: string }): Visit {
  const medium = typeof query.utm_medium === 'string' ? query.utm_medium.trim().toLowerCase() : '';
  const campaign = campaignOf(query);
  if (newsletterMediums.has(medium) || (typeof query.utm_source === 'string' && query.utm_source.trim().toLowerCase() === 'newsletter'))
    return { source: 'newsletter', campaign };
  if (campaign !== null) return { source: 'campaign', campaign };
  const host = hostOf(referer);
  if (host === null) return { source: 'direct', campaign: null };
  if (host === siteHost.toLowerCase().replace(/^www\./, '')) return { source: 'internal', campaign: null };
  if (searchEngines.some((pattern) => pattern.test(host))) return { source: 'search', campaign: null };
  if (socialNetworks.some((pattern) => pattern.test(host))) return { source: 'social', campaign: null };
  return { source: 'referral', campaign: null };
}
