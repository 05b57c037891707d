import type { FastifyReply } from 'fastify';
import type { Account } from '../accounts/account.ts';
import { accountPaths, returnPathOf, withNext } from './account-paths.ts';
import { deflatePiece, joinGzip } from './gzip-parts.ts';
import { chooseCoding, compressPage, takesGzip, varyByEncoding } from './page-encodings.ts';
import { fillReaderSlots, readerSlotMarkers, readerSlotTexts, toSlottedPage, type SlottedPage } from './reader-slots.ts';
import { hasSubscription, type ReaderIdentity } from './reader-identity.ts';
import { toSiteView } from './site-view.ts';
import type { Chrome, SiteDeps } from './site-deps.ts';
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
  };
}

/** Renders a theme template inside the site's chrome, with the reader's own details left as slots. */
export function renderPage<Page>(
  deps: SiteDeps,
  {
    chrome,
    template,
    page,
    meta,
    masthead,
    currentSectionSlug = null,
  }: { chrome: Chrome; template: string; page: Page; meta: MetaView; masthead: MastheadState; currentSectionSlug?: string | null },
): SlottedPage {
  const site = toSiteView({ ...chrome, currentSectionSlug, readerLinks: readerLinksFor(masthead), isTestMode: deps.paymentProvider.kind === 'test', stylesheet: deps.theme.stylesheet, now: deps.now() });
  return toSlottedPage(deps.theme.render(template, { site, meta, page }));
}

/**
 * Sends a rendered page filled in for the reader asking. A page that names a signed-in reader is
 * theirs alone. A kept page with nothing of the reader in it goes compressed when the browser takes
 * it; it is compressed once, the first time.
 */
export function sendSlottedPage(
  reply: FastifyReply,
  page: SlottedPage,
  { account, notice = '', giftsLeft = '', status = 200, isKept = false }: { account: Account | null; notice?: string; giftsLeft?: string; status?: number; isKept?: boolean },
): FastifyReply {
  if (account !== null) reply.header('cache-control', 'private, no-store');
  reply.status(status).type('text/html; charset=utf-8');
  const [whole] = page.parts;
  if (isKept && page.holes.length === 0 && whole !== undefined) {
    varyByEncoding(reply);
    const coding = chooseCoding(reply.request.headers['accept-encoding']);
    if (coding !== null) return reply.header('content-encoding', coding).send((page.compressed[coding] ??= compressPage(whole, coding)));
  }
  const values = { name: account === null ? '' : account.name || account.email, notice, giftsLeft, csrfToken: () => reply.generateCsrf() };
  // Every page carries the theme's stylesheet, so none goes uncompressed: a kept page keeps its parts
  // compressed and a request compresses only its filled holes; a page made for one request is compressed quickly.
  if (!takesGzip(reply.request.headers['accept-encoding'])) return reply.send(fillReaderSlots(page, values));
  varyByEncoding(reply);
  const level = isKept ? 9 : 1;
  const deflatedParts = (page.deflatedParts ??= page.parts.map((part) => deflatePiece(part, level)));
  const part = (index: number) => ({ plain: page.parts[index] ?? Buffer.alloc(0), deflated: deflatedParts[index] ?? deflatePiece(Buffer.alloc(0), 1) });
  const pieces = [part(0)];
  readerSlotTexts(page, values).forEach((plain, index) => pieces.push({ plain, deflated: deflatePiece(plain, 1) }, part(index + 1)));
  return reply.header('content-encoding', 'gzip').send(joinGzip(pieces));
}

/** Renders a page and sends it; its Log in and Register links lead back to the address asked for. */
export function sendPage<Page>(
  reply: FastifyReply,
  deps: SiteDeps,
  options: {
    chrome: Chrome;
    template: string;
    page: Page;
    meta: MetaView;
    identity: Pick<ReaderIdentity, 'account' | 'reader'>;
    currentSectionSlug?: string | null;
    status?: number;
    /** Hands the rendered page to a cache, for pages that are the same for every reader in the same state. */
    keep?: (page: SlottedPage) => void;
  },
): FastifyReply {
  const { identity } = options;
  const masthead = { isSignedIn: identity.account !== null, hasSubscription: hasSubscription(identity), returnPath: returnPathOf(reply.request.url) };
  const page = renderPage(deps, { ...options, masthead });
  options.keep?.(page);
  return sendSlottedPage(reply, page, { account: identity.account, status: options.status, isKept: deps.isCachingPages && options.keep !== undefined });
}
