import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { formatAccessMessage } from '../../access/messages.ts';
import { isEntitled } from '../../access/reader.ts';
import type { GiftOutcome } from '../../reading/read-with-gift.ts';
import type { OpenedGifts } from '../../gifts/gift-rules.ts';
import type { EditionCache } from '../../reading/edition-cache.ts';
import { keepReadAftermath } from '../../http/read-aftermath.ts';
import { readPublishedArticle, type ArticleReader, type FoundArticle } from '../../reading/read-published-article.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { giftLinesOf } from '../gifts/gift-views.ts';
import { createGiftAllowances } from '../gifts/gift-allowances.ts';
import { giftPanelOf, ownLinkOf } from '../gifts/gift-panel.ts';
import { readOpenedGifts, rememberOpenedGift } from '../gifts/opened-gifts-cookie.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import { readAnonymousCookie } from '../../http/meter-cookie-jar.ts';
import type { Visitor } from '../../access/meter-cookie.ts';
import { visitOfRequest } from '../../http/request-visit.ts';
import { createPageCache } from '../page-cache.ts';
import { slugParam } from '../query-schemas.ts';
import { identifyReader, readerOf, type ReaderIdentity } from '../../http/reader-identity.ts';
import type { LinkOpener } from '../../newsletters/newsletter-link-judgement.ts';
import { countNewsletterClick, openNewsletterLink, type CreditedLink } from '../../newsletters/open-newsletter-link.ts';
import { slottedPageBytes, withDeflatedParts, type SlottedPage } from '../reader-slots.ts';
import { sendSlottedPage } from '../render-page.ts';
import type { App } from '../../http/site-deps.ts';
import type { Account } from '../../accounts/account.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { articlePath } from '../../http/urls.ts';
import { articlePageKey, renderArticlePage } from './article-page.ts';
import { createArticleWording } from './article-wording.ts';

/**
 * Who reads an article page: the signed-in reader, a verified crawler or an anonymous reader with
 * the meter their cookie holds, and the browser as that cookie names it; or, through a newsletter
 * link honoured (`newsletterLink`), the link's recipient on their account's meter.
 */
type PageReader = ArticleReader & { identity: ReaderIdentity; visitor: Visitor | null; newsletterLink: CreditedLink | null };

/** Who opened a newsletter link, as the site already knows them. */
function openerOf(identity: ReaderIdentity): LinkOpener {
  if (identity.account !== null) return { kind: 'signed-in', accountId: identity.account.id };
  return identity.reader.kind === 'verified-crawler' ? { kind: 'crawler' } : { kind: 'anonymous' };
}

type GiftLink = { token: string; openedLately: OpenedGifts };

export function registerArticleRoute(app: App, deps: ReaderSiteDeps, editions: EditionCache): void {
  const reading = { db: deps.db, dialect: deps.dialect, giftLinkKey: deps.giftLinkKey, editions };
  // Rendered pages per edition and reader state; a signed-in reader's own details are slots.
  const pages = createPageCache<SlottedPage>({ maxEntries: deps.isCachingPages ? 4_000 : 0, maxBytes: 32 * 1024 * 1024, sizeOf: slottedPageBytes });
  const wording = createArticleWording();
  const allowances = createGiftAllowances(deps);

  const newsletterLinks = { db: deps.db, newsletterLinkKey: deps.newsletterLinkKey, readerOf: (account: Account) => readerOf(account, deps) };

  async function identifyPageReader(
    request: FastifyRequest,
    { article, newsletterToken, now }: { article: { id: number }; newsletterToken: string | undefined; now: Date },
  ): Promise<PageReader> {
    const identity = await identifyReader(request, deps);
    if (newsletterToken !== undefined) {
      const link = await openNewsletterLink(newsletterLinks, { token: newsletterToken, articleId: article.id, opener: openerOf(identity), now });
      // The recipient reads on their account's meter: the browser's meter cookie is neither read nor written, and the link signs nobody in.
      if (link !== null)
        return { identity, reader: link.reader, accountId: link.recipient.id, anonymousMeter: null, visitor: null, visit: link.visit, newsletterLink: link };
    }
    const cookie = readAnonymousCookie(request, deps);
    return {
      identity,
      reader: identity.reader,
      accountId: identity.account?.id ?? null,
      anonymousMeter: cookie?.meter ?? null,
      visitor: cookie?.visitor ?? null,
      newsletterLink: null,
    };
  }

  /** An ordinary read: the page for the reader's state, kept and served to every reader in the same state. */
  async function sendArticlePage(
    reply: FastifyReply,
    { found, hasCookie, isBackFromPaying, now }: { found: FoundArticle<PageReader>; hasCookie: boolean; isBackFromPaying: boolean; now: Date },
  ) {
    const { edition, read, paywall } = found;
    const { identity } = found.reader;
    // Only a free article read without any cookie is the same for everyone; the rest depends on the reader.
    const isSharedPage = edition.article.access === 'free' && identity.reader.kind === 'anonymous' && !hasCookie;
    reply.header('cache-control', isSharedPage ? 'public, max-age=60' : 'private, no-store').header('vary', 'Cookie');

    const { decision } = read;
    const isSignedIn = identity.account !== null;
    // Only a subscriber is welcomed: the address alone gives nobody else anything.
    const isWelcomed = isBackFromPaying && identity.reader.kind === 'subscriber';
    const notice = isWelcomed ? wording.welcomeOf(edition) : decision.access === 'full' ? wording.noticeOf(edition, decision.notice) : null;
    // A subscriber's "Gift this article": whether they have gifts left is part of the page's state, how many is a slot.
    const counting = allowances.giftsLeftFor(identity, edition, now);
    const giftsLeft = counting === null ? null : await counting;
    const giftPanel = giftsLeft === null ? 'none' : giftsLeft > 0 ? 'give' : 'spent';
    const pageKey = articlePageKey({ edition, reader: identity.reader, isSignedIn, read, paywall, hasNotice: notice !== null, giftPanel });
    let page = pages.get(pageKey);
    if (page === undefined) {
      const gift =
        giftsLeft === null
          ? null
          : { givenBy: null, refusal: null, panel: giftPanelOf(edition.article, { canGive: giftsLeft > 0, link: null }), subscribePrompt: null };
      const rendered = renderArticlePage(deps, {
        edition,
        read,
        paywall,
        reader: identity.reader,
        isSignedIn,
        hasNotice: notice !== null,
        gift,
        isIndexable: true,
      });
      page = deps.isCachingPages ? withDeflatedParts(rendered) : rendered;
      pages.set(pageKey, page);
    }
    return sendSlottedPage(reply, deps, page, { identity, notice: notice ?? '', giftsLeft: wording.giftsLeftOf(edition, giftsLeft) });
  }

  /**
   * A read with a gift link's token in the address. Rare, and the reader's own, so its page is
   * rendered for this request alone: never kept in the page cache, never stored by a browser or a
   * proxy for anyone else, never indexed.
   */
  async function sendGiftRead(
    reply: FastifyReply,
    { found, gift, giftLink, now }: { found: FoundArticle<PageReader>; gift: GiftOutcome; giftLink: GiftLink; now: Date },
  ) {
    const { edition, read, paywall } = found;
    const { identity } = found.reader;
    if (gift.kind === 'granted' && gift.isNewOpen)
      rememberOpenedGift(reply, { opened: giftLink.openedLately, giftId: gift.giftId, now, isSecure: deps.isSecure });
    reply.header('cache-control', 'private, no-store').header('vary', 'Cookie');

    const { article, chrome, messages } = edition;
    const counting = allowances.giftsLeftFor(identity, edition, now);
    const giftsLeft = counting === null ? null : await counting;
    const link = ownLinkOf(gift, { edition, token: giftLink.token, publicUrl: deps.publicUrl, now });
    const panel = giftsLeft === null && gift.kind !== 'own-link' ? null : giftPanelOf(article, { canGive: (giftsLeft ?? 0) > 0, link });
    const subscribePrompt = isEntitled(identity.reader)
      ? null
      : { text: formatAccessMessage(messages, 'giftSubscribePrompt', chrome.settings.locale, { publication: chrome.settings.name }), url: accountPaths.offers };
    const notice = read.decision.access === 'full' ? wording.noticeOf(edition, read.decision.notice) : null;
    const page = renderArticlePage(deps, {
      edition,
      read,
      paywall,
      reader: identity.reader,
      isSignedIn: identity.account !== null,
      hasNotice: notice !== null,
      gift: { ...giftLinesOf(gift, { messages, locale: chrome.settings.locale }), panel, subscribePrompt },
      isIndexable: false,
    });
    return sendSlottedPage(reply, deps, page, { identity, notice: notice ?? '', giftsLeft: wording.giftsLeftOf(edition, giftsLeft) });
  }

  /**
   * A read through a newsletter link, as its recipient: rendered for this request alone, stored by
   * no browser or proxy, never indexed (its canonical address stays the plain article's), and with
   * no notice of the recipient's meter, since a forwarded message may be read by anyone.
   */
  function sendNewsletterRead(reply: FastifyReply, { found }: { found: FoundArticle<PageReader> }) {
    const { edition, read, paywall } = found;
    const { identity } = found.reader;
    reply.header('cache-control', 'private, no-store').header('vary', 'Cookie');
    const page = renderArticlePage(deps, {
      edition,
      read,
      paywall,
      reader: found.reader.reader,
      isSignedIn: identity.account !== null,
      hasNotice: false,
      gift: null,
      isIndexable: false,
    });
    return sendSlottedPage(reply, deps, page, { identity });
  }

  app.get(
    '/:section/:slug',
    {
      schema: {
        params: Type.Object({ section: slugParam, slug: slugParam }),
        // `gift` carries a gift link's token, `nl` a newsletter link's, `welcome` marks the return from paying; any other parameter (a campaign's, say) is the reader's business.
        querystring: Type.Object(
          {
            gift: Type.Optional(Type.String({ maxLength: 2000 })),
            nl: Type.Optional(Type.String({ maxLength: 2000 })),
            welcome: Type.Optional(Type.String({ maxLength: 20 })),
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      const now = deps.now();
      const giftToken = request.query.gift;
      const giftLink = giftToken === undefined ? null : { token: giftToken, openedLately: readOpenedGifts(request, now) };
      const visit = visitOfRequest(request, deps);
      const outcome = await readPublishedArticle(reading, {
        address: request.params,
        visit,
        now,
        identify: (article) => identifyPageReader(request, { article, newsletterToken: request.query.nl, now }),
        giftLink,
      });
      if (outcome.kind === 'missing') throw new NotFoundError();
      // The query goes along: a newsletter's or a gift's link to an old address still reads as its token says.
      if (outcome.kind === 'moved') return reply.redirect(`${articlePath(outcome.to)}${queryOf(request.url)}`, 301);

      const { newsletterLink } = outcome.reader;
      keepReadAftermath(reply, deps, { found: outcome, visit: outcome.reader.visit ?? visit, now });
      if (newsletterLink !== null) {
        await countNewsletterClick(deps, { link: newsletterLink, article: outcome.edition.article, now });
        return sendNewsletterRead(reply, { found: outcome });
      }
      const { gift } = outcome;
      if (giftLink !== null && gift !== null) return sendGiftRead(reply, { found: outcome, gift, giftLink, now });
      return sendArticlePage(reply, {
        found: outcome,
        hasCookie: Boolean(request.headers.cookie),
        isBackFromPaying: request.query.welcome === 'subscribed',
        now,
      });
    },
  );
}

/** The query part of a request's address as sent, `?` included; the path may be one no URL parser takes (`/\\x/…`). */
function queryOf(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? '' : url.slice(queryAt);
}
