import type { InsightLedger } from '../insights/insight-ledger.ts';
import type { FastifyInstance, FastifyBaseLogger, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { MeterCookieKey } from '../access/meter-cookie.ts';
import type { GiftLinkKey } from '../gifts/gift-token.ts';
import type { RedemptionCodeKey } from '../gift-subscriptions/redemption-code.ts';
import type { GiftCheckoutContext } from '../gift-subscriptions/gift-checkout.ts';
import type { PreferencesLinkKey } from '../newsletters/preferences-link.ts';
import type { NewsletterLinkKey } from '../newsletters/newsletter-link.ts';
import type { CommerceContext } from '../commerce/commerce-context.ts';
import type { PaymentProvider } from '../commerce/payment-provider.ts';
import type { Section } from '../content/article.ts';
import { listSections } from '../content/masthead-repository.ts';
import type { CrawlerVerifier } from '../crawlers/verify-crawler.ts';
import type { Database, Dialect } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SearchPage, SearchResults } from '../search/search-page.ts';
import type { ContentVersionSource } from '../settings/content-version.ts';
import type { PublicationSettings } from '../settings/publication-settings.ts';
import { readPublicationSettings } from '../settings/settings-repository.ts';
import { redemptionUrl } from './gift-subscription-paths.ts';
import type { IdentityCache } from './identity-cache.ts';
import type { ReaderIdentity } from './reader-identity.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** The app's dependencies, built once at start and handed to every wing's routes. */
export type SiteDeps = {
  db: Database;
  dialect: Dialect;
  publicUrl: URL;
  now: () => Date;
  meterCookieKey: MeterCookieKey;
  /** Signs gift links ("gift this article"), derived from the server secret. */
  giftLinkKey: GiftLinkKey;
  /** Signs gift subscriptions' redemption codes, derived from the server secret. */
  redemptionCodeKey: RedemptionCodeKey;
  /** Signs newsletter messages' session-less unsubscribe and preferences links, derived from the server secret. */
  preferencesLinkKey: PreferencesLinkKey;
  /** Signs newsletters' article links (`?nl=`), derived from the server secret. */
  newsletterLinkKey: NewsletterLinkKey;
  /** Cookies carry Secure when readers reach the site over https. */
  isSecure: boolean;
  mailer: Mailer;
  /** SMTP_URL is set; without it transactional mail goes to the outbox folder and newsletters wait in their queue. */
  hasMailServer: boolean;
  verifyCrawler: CrawlerVerifier;
  /** Takes payments: Stripe, or the built-in test provider (then every page says "Test mode"). */
  paymentProvider: PaymentProvider;
  /** Keep rendered pages between requests (production); off while a theme is being worked on. */
  isCachingPages: boolean;
  /** What cached pages are keyed on; see docs/decisions/0006. */
  contentVersion: ContentVersionSource;
  /** Signed-in readers' identities, kept briefly. */
  identities: IdentityCache<ReaderIdentity>;
  /** The publication's settings and sections, as of the current content version. */
  chrome: () => Promise<Chrome>;
  /** Searches a minute allowed per client address and per signed-in reader (SEARCH_RATE_LIMIT). */
  searchesPerMinute: number;
  /** The site's search: in worker threads on SQLite, cached per content version; see docs/decisions/0018. */
  searchArticles: (page: SearchPage) => Promise<SearchResults>;
  /** The insights ledger: what the reader and commerce paths decide, buffered and written each second. */
  insights: InsightLedger;
};

export type Chrome = { settings: PublicationSettings; sections: Section[] };

/** The parts of the site's dependencies that the subscription operations use. */
export function commerceContextOf(deps: SiteDeps): CommerceContext {
  return { db: deps.db, dialect: deps.dialect, provider: deps.paymentProvider, mailer: deps.mailer, publicUrl: deps.publicUrl, insights: deps.insights };
}

/** The parts of the site's dependencies that buying a gift subscription uses. */
export function giftCheckoutContextOf(deps: SiteDeps): GiftCheckoutContext {
  return {
    db: deps.db,
    provider: deps.paymentProvider,
    mailer: deps.mailer,
    key: deps.redemptionCodeKey,
    redemptionLink: (code) => redemptionUrl(deps.publicUrl, code).toString(),
    insights: deps.insights,
  };
}

/** The publication's settings and sections, which every page's masthead and menu show. */
async function loadChrome(db: Database): Promise<Chrome> {
  const [settings, sections] = await Promise.all([readPublicationSettings(db), listSections(db)]);
  return { settings, sections };
}

/** The chrome read once per content version rather than once per page. */
export function createChromeSource(db: Database, contentVersion: ContentVersionSource): () => Promise<Chrome> {
  let kept: { version: number; chrome: Promise<Chrome> } | null = null;
  return async () => {
    const version = await contentVersion.current();
    if (kept === null || kept.version !== version) {
      const chrome = loadChrome(db);
      kept = { version, chrome };
      // A failed read is not kept: the next page tries again.
      chrome.catch(() => {
        if (kept?.chrome === chrome) kept = null;
      });
    }
    return kept.chrome;
  };
}
