import { Type } from 'typebox';
import type { AccessSettings } from '../../access/access-settings.ts';
import type { Article, ArticleSummary } from '../../content/article.ts';
import { listOffers, listPlans } from '../../commerce/catalogue-repository.ts';
import { pickBestOffers } from '../../commerce/offer-rules.ts';
import type { Offer, Plan } from '../../commerce/plan.ts';
import { hasHadTrial } from '../../commerce/subscription-repository.ts';
import { toOfferView } from '../views/offer-view.ts';
import type { AccessMessages } from '../../access/messages.ts';
import { readAccessMessages } from '../../settings/settings-repository.ts';
import { findPublishedArticle, listPublishedArticles } from '../../content/article-repository.ts';
import { readArticle, type ArticleRead } from '../../reading/read-article.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { NotFoundError } from '../http-errors.ts';
import { readAnonymousMeter, storeAnonymousMeter } from '../meter-cookie-jar.ts';
import { slugParam } from '../query-schemas.ts';
import { identifyReader } from '../reader-identity.ts';
import { readerLinksFor, renderPage, sendSlottedPage } from '../render-page.ts';
import { readerSlotMarkers, slottedPageBytes, type SlottedPage } from '../reader-slots.ts';
import type { Reader } from '../../access/reader.ts';
import { type App, type Chrome, type SiteDeps } from '../site-deps.ts';
import { cacheEpoch, createPageCache } from '../page-cache.ts';
import { articlePath } from '../urls.ts';
import { accessLabelOf } from '../views/access-label.ts';
import { toArticleView, type ArticleAccessView } from '../views/article-view.ts';
import { articleMeta } from '../views/meta-view.ts';
import { toNoticeView, toPaywallView } from '../views/paywall-view.ts';
import type { Notice } from '../../access/decide-access.ts';

const relatedCount = 3;

type ArticleBundle = {
  article: Article;
  related: ArticleSummary[];
  chrome: Chrome;
  accessSettings: AccessSettings;
  offers: Offer[];
  plans: Plan[];
  messages: AccessMessages;
  /** Meter notices as worded for this version of the settings, by count: formatting one costs more than sending the page. */
  noticeTexts: Map<string, string>;
};

/** The article and everything its page shows besides the reader's own state, from the database. */
async function loadArticleBundle(deps: SiteDeps, slug: string, now: Date): Promise<ArticleBundle | null> {
  const article = await findPublishedArticle(deps.db, slug, now);
  if (!article) return null;
  const [chrome, accessSettings, related, offers, plans, messages] = await Promise.all([
    deps.chrome(),
    readAccessSettings(deps.db),
    listPublishedArticles(deps.db, { now, sectionId: article.section.id, excludeId: article.id, limit: relatedCount }),
    listOffers(deps.db),
    listPlans(deps.db),
    readAccessMessages(deps.db),
  ]);
  return { article, related, chrome, accessSettings, offers, plans, messages, noticeTexts: new Map() };
}

async function findRedirectedArticlePath(db: SiteDeps['db'], oldSlug: string): Promise<string | null> {
  const row = await db
    .selectFrom('slug_redirects as r')
    .innerJoin('articles as a', 'a.id', 'r.article_id')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .select(['a.slug', 's.slug as section_slug'])
    .where('r.old_slug', '=', oldSlug)
    .where('a.status', '=', 'published')
    .executeTakeFirst();
  return row ? articlePath({ slug: row.slug, section: { slug: row.section_slug } }) : null;
}

function noticeTextOf(bundle: ArticleBundle, notice: Notice | null): string | null {
  if (notice === null) return null;
  const key = notice.kind === 'meter-last' ? 'last' : String(notice.remaining);
  let text = bundle.noticeTexts.get(key);
  if (text === undefined) {
    text = toNoticeView(notice, wordingOf(bundle))?.text ?? '';
    bundle.noticeTexts.set(key, text);
  }
  return text;
}

function wordingOf({ messages, chrome, accessSettings }: ArticleBundle) {
  return { messages, locale: chrome.settings.locale, publication: chrome.settings.name, settings: accessSettings };
}

/** The article page for one reader state, with the reader's own details left as slots. */
function renderArticlePage(
  deps: SiteDeps,
  { bundle, read, reader, isSignedIn, hasUsedTrial, now }: { bundle: ArticleBundle; read: ArticleRead; reader: Reader; isSignedIn: boolean; hasUsedTrial: boolean; now: Date },
): SlottedPage {
  const { article, related, chrome, accessSettings, offers, plans, messages } = bundle;
  const { decision } = read;
  const wording = wordingOf(bundle);
  const readerLinks = readerLinksFor(isSignedIn);
  // The notice's words are the reader's own (their count), so the page holds a slot for them.
  const hasNotice = decision.access === 'full' && decision.notice !== null;
  let accessView: ArticleAccessView = { isPreview: false, notice: hasNotice ? { text: readerSlotMarkers.notice } : null, paywall: null, staffNote: null };
  if (decision.access === 'preview') {
    const bestOffers = pickBestOffers({ offers, plans, now, hasUsedTrial, count: 2 });
    const planById = new Map(plans.map((plan) => [plan.id, plan]));
    const offerViews = bestOffers.flatMap((offer) => {
      const plan = planById.get(offer.planId);
      return plan ? [toOfferView(offer, plan, chrome.settings)] : [];
    });
    accessView = {
      isPreview: true,
      notice: null,
      paywall: toPaywallView(decision.wall, { isSignedIn, returnPath: articlePath(article), offers: offerViews, csrfToken: readerLinks.csrfToken }, wording),
      staffNote: null,
    };
  }
  if (reader.kind === 'staff') {
    accessView.staffNote = `Staff view · ${accessLabelOf(article.access) || 'Metered'} (${article.access})`;
  }
  const page = toArticleView({ article, body: read.body, accessView, related, settings: chrome.settings, publicUrl: deps.publicUrl });
  const meta = articleMeta({ article, publicUrl: deps.publicUrl, settings: chrome.settings });
  return renderPage(deps, { chrome, template: 'article', page, meta, isSignedIn, currentSectionSlug: article.section.slug });
}

export function registerArticleRoute(app: App, deps: SiteDeps): void {
  const bundles = createPageCache<ArticleBundle | 'not-found'>({ maxEntries: deps.isCachingPages ? 1_000 : 0 });
  // Rendered pages per article version and reader state; a signed-in reader's own details are slots.
  const pages = createPageCache<SlottedPage>({ maxEntries: deps.isCachingPages ? 4_000 : 0, maxBytes: 32 * 1024 * 1024, sizeOf: slottedPageBytes });

  app.get(
    '/:section/:slug',
    { schema: { params: Type.Object({ section: slugParam, slug: slugParam }) } },
    async (request, reply) => {
      const now = deps.now();
      const epoch = cacheEpoch(await deps.contentVersion.current(), now);
      const bundleKey = `${epoch}:${request.params.slug}`;
      let bundle = bundles.get(bundleKey);
      if (bundle === undefined) {
        bundle = (await loadArticleBundle(deps, request.params.slug, now)) ?? 'not-found';
        bundles.set(bundleKey, bundle);
      }
      if (bundle === 'not-found') {
        // An article whose slug changed after publication keeps its old address, as a redirect.
        const moved = await findRedirectedArticlePath(deps.db, request.params.slug);
        if (moved) return reply.redirect(moved, 301);
        throw new NotFoundError();
      }
      const { article, chrome, accessSettings } = bundle;
      // An article keeps its slug when it moves section; the old address points to the new one.
      if (article.section.slug !== request.params.section) return reply.redirect(articlePath(article), 301);

      const identity = await identifyReader(request, deps);
      const read = await readArticle(deps, {
        article,
        reader: identity.reader,
        anonymousMeter: readAnonymousMeter(request, deps),
        settings: accessSettings,
        timeZone: chrome.settings.timeZone,
        now,
      });
      if (read.anonymousMeterToStore) storeAnonymousMeter(reply, deps, read.anonymousMeterToStore);
      // Only a free article read without any cookie is the same for everyone; the rest depends on the reader.
      const isSharedPage = article.access === 'free' && identity.reader.kind === 'anonymous' && !request.headers.cookie;
      reply.header('cache-control', isSharedPage ? 'public, max-age=60' : 'private, no-store').header('vary', 'Cookie');

      const { decision } = read;
      const isSignedIn = identity.account !== null;
      // Whether the reader has had a trial changes the offers on their paywall, so it is part of the page's state.
      const hasUsedTrial = decision.access === 'preview' && identity.account !== null && (await hasHadTrial(deps.db, identity.account.id));
      const notice = decision.access === 'full' ? noticeTextOf(bundle, decision.notice) : null;
      const pageKey = [bundleKey, identity.reader.kind, isSignedIn, hasUsedTrial, decision.access, notice !== null, JSON.stringify(decision.access === 'full' ? null : decision.wall)].join(':');
      let page = pages.get(pageKey);
      if (page === undefined) {
        page = renderArticlePage(deps, { bundle, read, reader: identity.reader, isSignedIn, hasUsedTrial, now });
        pages.set(pageKey, page);
      }
      return sendSlottedPage(reply, page, { account: identity.account, notice: notice ?? '', isKept: deps.isCachingPages });
    },
  );
}
