import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AccessSettings } from '../../access/access-settings.ts';
import type { Article, ArticleSummary } from '../../content/article.ts';
import { listOffers, listPlans } from '../../commerce/catalogue-repository.ts';
import { chooseBestOffer, paywallOfferCount, pickBestOffers } from '../../commerce/offer-rules.ts';
import type { Offer, Plan } from '../../commerce/plan.ts';
import { hasHadTrial } from '../../commerce/subscription-repository.ts';
import { toOfferView } from '../views/offer-view.ts';
import { formatAccessMessage, type AccessMessages } from '../../access/messages.ts';
import { readAccessMessages } from '../../settings/settings-repository.ts';
import { findPublishedArticle, findRenamedArticle, listPublishedArticles } from '../../content/article-repository.ts';
import { readArticle, type ArticleRead } from '../../reading/read-article.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import { readAnonymousMeter, storeAnonymousMeter } from '../meter-cookie-jar.ts';
import { slugParam } from '../query-schemas.ts';
import { hasSubscription, identifyReader } from '../reader-identity.ts';
import { readerLinksFor, renderPage, sendSlottedPage } from '../render-page.ts';
import { readerSlotMarkers, slottedPageBytes, withDeflatedParts, type SlottedPage } from '../reader-slots.ts';
import { isEntitled, type Reader } from '../../access/reader.ts';
import { type App, type Chrome, type SiteDeps } from '../site-deps.ts';
import { cacheEpoch, createPageCache } from '../page-cache.ts';
import { articlePath } from '../urls.ts';
import { accessLabelOf } from '../views/access-label.ts';
import { toArticleView, type ArticleAccessView } from '../views/article-view.ts';
import { articleMeta } from '../views/meta-view.ts';
import { toNoticeView, toPaywallView } from '../views/paywall-view.ts';
import type { Notice } from '../../access/decide-access.ts';
import { meterPeriodOf } from '../../access/meter.ts';
import { canGiveGifts, isGiftable, readGiftAllowance } from '../../gifts/give-gift.ts';
import { readWithGift, type GiftOutcome } from '../../gifts/read-with-gift.ts';
import { accountPaths } from '../account-paths.ts';
import { giftLinkUrl, giftPaths } from '../gifts/gift-paths.ts';
import { giftLinesOf, giftsLeftText, opensLabelOf, type ArticleGiftView, type GiftPanelView } from '../gifts/gift-views.ts';
import { readOpenedGifts, rememberOpenedGift } from '../gifts/opened-gifts-cookie.ts';
import { formatPublicationTime } from '../views/dates.ts';
import type { ReaderIdentity } from '../reader-identity.ts';

const relatedCount = 3;

type ArticleBundle = {
  article: Article;
  related: ArticleSummary[];
  chrome: Chrome;
  accessSettings: AccessSettings;
  offers: Offer[];
  plans: Plan[];
  messages: AccessMessages;
  /** Meter notices and gift counts as worded for this version of the settings, by count: formatting one costs more than sending the page. */
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

/** "Welcome to The Courier — you now have full access", for a reader back from paying. */
function welcomeTextOf(bundle: ArticleBundle): string {
  let text = bundle.noticeTexts.get('welcome');
  if (text === undefined) {
    text = formatAccessMessage(bundle.messages, 'subscribedWelcome', bundle.chrome.settings.locale, { publication: bundle.chrome.settings.name });
    bundle.noticeTexts.set('welcome', text);
  }
  return text;
}

function wordingOf({ messages, chrome, accessSettings }: ArticleBundle) {
  return { messages, locale: chrome.settings.locale, publication: chrome.settings.name, settings: accessSettings };
}

/** The article page for one reader state, with the reader's own details left as slots. */
function renderArticlePage(
  deps: SiteDeps,
  {
    bundle,
    read,
    reader,
    isSignedIn,
    hasUsedTrial,
    hasNotice,
    gift,
    isIndexable,
    now,
  }: {
    bundle: ArticleBundle;
    read: ArticleRead;
    reader: Reader;
    isSignedIn: boolean;
    hasUsedTrial: boolean;
    hasNotice: boolean;
    gift: ArticleGiftView | null;
    isIndexable: boolean;
    now: Date;
  },
): SlottedPage {
  const { article, related, chrome, accessSettings, offers, plans, messages } = bundle;
  const { decision } = read;
  const wording = wordingOf(bundle);
  const masthead = { isSignedIn, hasSubscription: hasSubscription({ reader }), returnPath: articlePath(article) };
  const readerLinks = readerLinksFor(masthead);
  // The notice's words are the reader's own (their count, or their welcome), so the page holds a slot for them.
  let accessView: ArticleAccessView = { isPreview: false, notice: hasNotice ? { text: readerSlotMarkers.notice } : null, paywall: null, staffNote: null };
  if (decision.access === 'preview') {
    const bestOffers = pickBestOffers({ offers, plans, now, hasUsedTrial, count: paywallOfferCount });
    const best = chooseBestOffer({ offers, plans, now, hasUsedTrial });
    const planById = new Map(plans.map((plan) => [plan.id, plan]));
    const returnPath = articlePath(article);
    const offerViews = bestOffers.flatMap((offer) => {
      const plan = planById.get(offer.planId);
      return plan ? [toOfferView({ offer, plan, plans, settings: chrome.settings, returnPath, isBest: offer.id === best?.id })] : [];
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
  const page = toArticleView({ article, body: read.body, accessView, related, settings: chrome.settings, publicUrl: deps.publicUrl, gift });
  const indexedMeta = articleMeta({ article, publicUrl: deps.publicUrl, settings: chrome.settings });
  // An address with a gift link's token is never indexed; its canonical address stays the plain article's.
  const meta = isIndexable ? indexedMeta : { ...indexedMeta, robots: 'noindex' };
  return renderPage(deps, { chrome, template: 'article', page, meta, masthead, currentSectionSlug: article.section.slug });
}

export function registerArticleRoute(app: App, deps: SiteDeps): void {
  const bundles = createPageCache<ArticleBundle | 'not-found'>({ maxEntries: deps.isCachingPages ? 1_000 : 0 });
  // Rendered pages per article version and reader state; a signed-in reader's own details are slots.
  const pages = createPageCache<SlottedPage>({ maxEntries: deps.isCachingPages ? 4_000 : 0, maxBytes: 32 * 1024 * 1024, sizeOf: slottedPageBytes });

  // A subscriber's gift count, kept as long as their identity is (docs/decisions/0006): a reader paging
  // through the site costs one count a second, and a gift given through this instance shows at once.
  const giftAllowances = new WeakMap<ReaderIdentity, { period: string; left: number }>();

  /**
   * Gifts the reader may still give this month, or null when this page offers them none to give.
   * Only a subscriber on a giftable article waits for a count; every other read goes on at once.
   */
  function giftsLeftFor(identity: ReaderIdentity, bundle: ArticleBundle, now: Date): Promise<number> | null {
    const { reader } = identity;
    if (!canGiveGifts(reader) || !isGiftable(bundle.article.access) || bundle.accessSettings.giftsPerMonth === 0) return null;
    return countGiftsLeft(identity, reader.readerId, bundle, now);
  }

  async function countGiftsLeft(identity: ReaderIdentity, accountId: number, { accessSettings, chrome }: ArticleBundle, now: Date): Promise<number> {
    const period = meterPeriodOf(now, chrome.settings.timeZone);
    const kept = giftAllowances.get(identity);
    if (kept !== undefined && kept.period === period) return kept.left;
    const { left } = await readGiftAllowance(deps.db, { accountId, settings: accessSettings, timeZone: chrome.settings.timeZone, now });
    giftAllowances.set(identity, { period, left });
    return left;
  }

  function giftsLeftTextOf(bundle: ArticleBundle, left: number | null): string {
    if (left === null) return '';
    const key = `gifts:${left}`;
    let text = bundle.noticeTexts.get(key);
    if (text === undefined) {
      text = giftsLeftText(left, { messages: bundle.messages, locale: bundle.chrome.settings.locale });
      bundle.noticeTexts.set(key, text);
    }
    return text;
  }

  function giftPanelOf(article: Article, { canGive, link }: Pick<GiftPanelView, 'canGive' | 'link'>): GiftPanelView {
    return {
      giveUrl: giftPaths.give,
      articleSlug: article.slug,
      csrfToken: readerSlotMarkers.csrfToken,
      canGive,
      giftsLeft: readerSlotMarkers.giftsLeft,
      link,
      accountUrl: accountPaths.account,
    };
  }

  /**
   * A read with a gift link's token in the address. Rare, and the reader's own, so its page is
   * rendered for this request alone: never kept in the page cache, never stored by a browser or a
   * proxy for anyone else, never indexed.
   */
  async function sendGiftRead(
    request: FastifyRequest,
    reply: FastifyReply,
    {
      bundle,
      identity,
      question,
      giftToken,
      now,
    }: { bundle: ArticleBundle; identity: ReaderIdentity; question: Parameters<typeof readArticle>[1]; giftToken: string; now: Date },
  ) {
    const openedLately = readOpenedGifts(request, now);
    const { read, gift } = await readWithGift(deps, { ...question, token: giftToken, openedLately });
    if (read.anonymousMeterToStore) storeAnonymousMeter(reply, deps, read.anonymousMeterToStore);
    if (gift.kind === 'granted' && gift.isNewOpen) rememberOpenedGift(reply, { opened: openedLately, giftId: gift.giftId, now, isSecure: deps.isSecure });
    reply.header('cache-control', 'private, no-store').header('vary', 'Cookie');

    const { article, chrome, messages } = bundle;
    const isSignedIn = identity.account !== null;
    const hasUsedTrial = read.decision.access === 'preview' && identity.account !== null && (await hasHadTrial(deps.db, identity.account.id));
    const counting = giftsLeftFor(identity, bundle, now);
    const giftsLeft = counting === null ? null : await counting;
    const panel =
      giftsLeft === null && gift.kind !== 'own-link'
        ? null
        : giftPanelOf(article, { canGive: (giftsLeft ?? 0) > 0, link: ownLinkOf(gift, bundle, giftToken, now) });
    const subscribePrompt = isEntitled(identity.reader)
      ? null
      : { text: formatAccessMessage(messages, 'giftSubscribePrompt', chrome.settings.locale, { publication: chrome.settings.name }), url: accountPaths.offers };
    const notice = read.decision.access === 'full' ? noticeTextOf(bundle, read.decision.notice) : null;
    const page = renderArticlePage(deps, {
      bundle,
      read,
      reader: identity.reader,
      isSignedIn,
      hasUsedTrial,
      hasNotice: notice !== null,
      gift: { ...giftLinesOf(gift, { messages, locale: chrome.settings.locale }), panel, subscribePrompt },
      isIndexable: false,
      now,
    });
    return sendSlottedPage(reply, deps, page, { account: identity.account, notice: notice ?? '', giftsLeft: giftsLeftTextOf(bundle, giftsLeft) });
  }

  function ownLinkOf(gift: GiftOutcome, { article, chrome }: ArticleBundle, token: string, now: Date): GiftPanelView['link'] {
    if (gift.kind !== 'own-link') return null;
    const { expiresAt, revokedAt } = gift.gift;
    return {
      url: giftLinkUrl(deps.publicUrl, article, token),
      expiresLabel: formatPublicationTime(expiresAt, chrome.settings),
      opensLabel: opensLabelOf(gift.gift),
      isRevoked: revokedAt !== null,
      isExpired: expiresAt <= now,
    };
  }

  app.get(
    '/:section/:slug',
    {
      schema: {
        params: Type.Object({ section: slugParam, slug: slugParam }),
        // `gift` carries a gift link's token, `welcome` marks the return from paying; any other parameter (a campaign's, say) is the reader's business.
        querystring: Type.Object(
          { gift: Type.Optional(Type.String({ maxLength: 2000 })), welcome: Type.Optional(Type.String({ maxLength: 20 })) },
          { additionalProperties: true },
        ),
      },
    },
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
        const moved = await findRenamedArticle(deps.db, request.params.slug);
        if (moved) return reply.redirect(articlePath(moved), 301);
        throw new NotFoundError();
      }
      const { article, chrome, accessSettings } = bundle;
      // An article keeps its slug when it moves section; the old address points to the new one.
      if (article.section.slug !== request.params.section) return reply.redirect(articlePath(article), 301);

      const identity = await identifyReader(request, deps);
      const question = {
        article,
        reader: identity.reader,
        anonymousMeter: readAnonymousMeter(request, deps),
        settings: accessSettings,
        timeZone: chrome.settings.timeZone,
        now,
      };
      const giftToken = request.query.gift;
      if (giftToken !== undefined) return sendGiftRead(request, reply, { bundle, identity, question, giftToken, now });

      const read = await readArticle(deps, question);
      if (read.anonymousMeterToStore) storeAnonymousMeter(reply, deps, read.anonymousMeterToStore);
      // Only a free article read without any cookie is the same for everyone; the rest depends on the reader.
      const isSharedPage = article.access === 'free' && identity.reader.kind === 'anonymous' && !request.headers.cookie;
      reply.header('cache-control', isSharedPage ? 'public, max-age=60' : 'private, no-store').header('vary', 'Cookie');

      const { decision } = read;
      const isSignedIn = identity.account !== null;
      // Whether the reader has had a trial changes the offers on their paywall, so it is part of the page's state.
      const hasUsedTrial = decision.access === 'preview' && identity.account !== null && (await hasHadTrial(deps.db, identity.account.id));
      // Only a subscriber is welcomed: the address alone gives nobody else anything.
      const isWelcomed = request.query.welcome === 'subscribed' && identity.reader.kind === 'subscriber';
      const notice = isWelcomed ? welcomeTextOf(bundle) : decision.access === 'full' ? noticeTextOf(bundle, decision.notice) : null;
      // A subscriber's "Gift this article": whether they have gifts left is part of the page's state, how many is a slot.
      const counting = giftsLeftFor(identity, bundle, now);
      const giftsLeft = counting === null ? null : await counting;
      const giftPanel = giftsLeft === null ? 'none' : giftsLeft > 0 ? 'give' : 'spent';
      const pageKey = [
        bundleKey,
        identity.reader.kind,
        isSignedIn,
        hasUsedTrial,
        decision.access,
        notice !== null,
        giftPanel,
        JSON.stringify(decision.access === 'full' ? null : decision.wall),
      ].join(':');
      let page = pages.get(pageKey);
      if (page === undefined) {
        const gift =
          giftsLeft === null
            ? null
            : { givenBy: null, refusal: null, panel: giftPanelOf(article, { canGive: giftsLeft > 0, link: null }), subscribePrompt: null };
        const rendered = renderArticlePage(deps, {
          bundle,
          read,
          reader: identity.reader,
          isSignedIn,
          hasUsedTrial,
          hasNotice: notice !== null,
          gift,
          isIndexable: true,
          now,
        });
        page = deps.isCachingPages ? withDeflatedParts(rendered) : rendered;
        pages.set(pageKey, page);
      }
      return sendSlottedPage(reply, deps, page, { account: identity.account, notice: notice ?? '', giftsLeft: giftsLeftTextOf(bundle, giftsLeft) });
    },
  );
}
