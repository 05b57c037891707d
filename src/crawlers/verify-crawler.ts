import { promises as dns } from 'node:dns';

/** The DNS look-ups verification needs; tests give their own. */
export type Resolver = {
  reverse: (ip: string) => Promise<string[]>;
  lookup: (hostname: string) => Promise<string[]>;
};

export const systemResolver: Resolver = {
  reverse: (ip) => dns.reverse(ip),
  lookup: async (hostname) => (await dns.lookup(hostname, { all: true })).map((entry) => entry.address),
};

type Crawler = { name: string; userAgent: RegExp; domains: readonly string[] };

/** Search engines that publish how to verify their crawlers by reverse and forward DNS. */
const crawlers: readonly Crawler[] = [
  {
    name: 'Google',
    userAgent: /Googlebot|Google-InspectionTool|GoogleOther|AdsBot-Google|Mediapartners-Google/i,
    domains: ['googlebot.com', 'google.com', 'googleusercontent.com'],
  },
  { name: 'Bing', userAgent: /bingbot|BingPreview|msnbot|adidxbot/i, domains: ['search.msn.com'] },
];

/** Which crawler a User-Agent claims to be; the claim alone proves nothing. */
export function claimedCrawler(userAgent: string | undefined): Crawler | null {
  if (!userAgent) return null;
  return crawlers.find((crawler) => crawler.userAgent.test(userAgent)) ?? null;
}

function isWithin(hostname: string, domains: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

const cacheLifetimeMs = 60 * 60 * 1000;
const cacheSize = 10_000;

export type CrawlerVerifier = (ip: string, userAgent: string | undefined) => Promise<boolean>;

/**
 * Verifies a crawler as the search engines ask: the address's reverse name lies in the engine's
 * domain, and that name resolves back to the same address. Answers are cached per address and
 * engine for an hour; a failed look-up means "not verified".
 */
export function createCrawlerVerifier(resolver: Resolver, now: () => number = Date.now): CrawlerVerifier {
  const cache = new Map<string, { isVerified: boolean; expiresAt: number }>();
  return async (ip, userAgent) => {
    const crawler = claimedCrawler(userAgent);
    if (!crawler) return false;
    const key = `${crawler.name}|${ip}`;
    const cached = cache.get(key);
    if (cached && cached.expiresAt > now()) return cached.isVerified;
    let isVerified = false;
    try {
      const names = await resolver.reverse(ip);
      for (const name of names.filter((candidate) => isWithin(candidate, crawler.domains))) {
        if ((await resolver.lookup(name)).includes(ip)) {
          isVerified = true;
          break;
        }
      }
    } catch {
      isVerified = false;
    }
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value ?? '');
    cache.set(key, { isVerified, expiresAt: now() + cacheLifetimeMs });
    return isVerified;
  };
}
