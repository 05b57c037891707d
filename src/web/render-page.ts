import type { FastifyReply } from 'fastify';
import { accountPaths, returnPathOf, withNext } from '../http/account-paths.ts';
import { takesGzip, varyByEncoding } from './page-encodings.ts';
import { fillReaderSlots, gzipReaderSlots, readerSlotMarkers, toSlottedPage, withDeflatedParts, type SlottedPage } from './reader-slots.ts';
import { hasSubscription, type ReaderIdentity } from '../http/reader-identity.ts';
import { toSiteView } from './site-view.ts';
import type { Chrome } from '../http/site-deps.ts';
import type { ReaderSiteDeps } from './reader-site-deps.ts';
import type { MetaView, ReaderLinksView } from './views/view-models.ts';

/** How the masthead greets the reader: the page is rendered once for each of these states. */
export type MastheadState = { isSignedIn: boolean; hasSubscription: boolean; returnPath: string };

/**
 * The masthead's account links; a signed-in reader's name and log-out token are slots, filled per
 * request. The return address is the page's own, the same for every reader, so it is part of the page.
 */
export function readerLinksFor({ isSignedIn, hasSubscription, returnPath }: MastheadState): ReaderLinksView {
  return {
    isSignedIn,
    name: isSignedIn ? readerSlotMarkers.name : '',
    accountUrl: accountPaths.account,
    logInUrl: withNext(accountPaths.logIn, returnPath),
    registerUrl: withNext(accountPaths.register, returnPath),
    isSubscribeShown: !hasSubscription,
    offersUrl: accountPaths.offers,
    logOutUrl: accountPaths.logOut,
    csrfToken: isSignedIn ? readerSlotMarkers.csrfToken : '',
    paymentBanner: isSignedIn ? readerSlotMarkers.paymentBanner : '',
  };
}

/** Renders a theme template inside the site's chrome, with the reader's own details left as slots. */
export function renderPage<Page>(
  deps: ReaderSiteDeps,
  {
    chrome,
    template,
    page,
    meta,
    masthead,
    currentSectionSlug = null,
  }: { chrome: Chrome; template: string; page: Page; meta: MetaView; masthead: MastheadState; currentSectionSlug?: string | null },
): SlottedPage {
  const { stylesheets } = deps.theme;
  const site = toSiteView({
    ...chrome,
    currentSectionSlug,
    readerLinks: readerLinksFor(masthead),
    isTestMode: deps.paymentProvider.kind === 'test',
    stylesheetBundle: stylesheets.bundleOf(template).name,
    stylesheets,
    now: deps.now(),
  });
  return toSlottedPage(deps.theme.render(template, { site, meta, page }));
}

/**
 * Sends a rendered page filled in for the reader asking. A page that names a signed-in reader is
 * theirs alone; so is the banner of a reader whose payment is failing, which only this request's
 * filling puts in. Every page carries a stylesheet bundle, so every page goes gzipped to a browser that
 * takes it: a kept page's parts were deflated once, and a request only adds what fills its holes.
 */
export function sendSlottedPage(
  reply: FastifyReply,
  deps: Pick<ReaderSiteDeps, 'theme'>,
  page: SlottedPage,
  {
    identity,
    notice = '',
    giftsLeft = '',
    status = 200,
  }: { identity: Pick<ReaderIdentity, 'account' | 'isPaymentFailing'>; notice?: string; giftsLeft?: string; status?: number },
): FastifyReply {
  const { account } = identity;
  if (account !== null) reply.header('cache-control', 'private, no-store');
  reply.status(status).type('text/html; charset=utf-8');
  const fill = {
    name: account === null ? '' : account.name || account.email,
    notice,
    giftsLeft,
    csrfToken: () => reply.generateCsrf(),
    stylesheet: (bundle: string) => stylesheetPiece(deps, bundle),
    paymentBanner: identity.isPaymentFailing ? deps.theme.paymentBanner : null,
  };
  if (!takesGzip(reply.request.headers['accept-encoding'])) return reply.send(fillReaderSlots(page, fill));
  varyByEncoding(reply);
  return reply.header('content-encoding', 'gzip').send(gzipReaderSlots(page, fill));
}

function stylesheetPiece(deps: Pick<ReaderSiteDeps, 'theme'>, bundle: string) {
  const piece = deps.theme.stylesheets.bundles.get(bundle)?.piece;
  // The page was rendered with this process's bundles, so it names one of them.
  if (piece === undefined) throw new Error(`no stylesheet bundle is named ${bundle}`);
  return piece;
}

/** Renders a page and sends it; its Log in and Register links lead back to the address asked for. */
export function sendPage<Page>(
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  options: {
    chrome: Chrome;
    template: string;
    page: Page;
    meta: MetaView;
    identity: Pick<ReaderIdentity, 'account' | 'reader' | 'isPaymentFailing'>;
    currentSectionSlug?: string | null;
    status?: number;
    /** Hands the rendered page to a cache, for pages that are the same for every reader in the same state. */
    keep?: (page: SlottedPage) => void;
  },
): FastifyReply {
  const { identity } = options;
  const masthead = { isSignedIn: identity.account !== null, hasSubscription: hasSubscription(identity), returnPath: returnPathOf(reply.request.url) };
  const rendered = renderPage(deps, { ...options, masthead });
  const page = deps.isCachingPages && options.keep !== undefined ? withDeflatedParts(rendered) : rendered;
  options.keep?.(page);
  return sendSlottedPage(reply, deps, page, { identity, status: options.status });
}
