import type { FastifyReply } from 'fastify';
import type { Account } from '../accounts/account.ts';
import { accountPaths } from './account-paths.ts';
import { deflatePiece, joinGzip } from './gzip-parts.ts';
import { chooseCoding, compressPage, takesGzip, varyByEncoding } from './page-encodings.ts';
import { fillReaderSlots, readerSlotMarkers, readerSlotTexts, toSlottedPage, type SlottedPage } from './reader-slots.ts';
import { toSiteView } from './site-view.ts';
import type { Chrome, SiteDeps } from './site-deps.ts';
import type { MetaView, ReaderLinksView } from './views/view-models.ts';

/** The masthead's account links; a signed-in reader's name and log-out token are slots, filled per request. */
export function readerLinksFor(isSignedIn: boolean): ReaderLinksView {
  return {
    isSignedIn,
    name: isSignedIn ? readerSlotMarkers.name : '',
    accountUrl: accountPaths.account,
    logInUrl: accountPaths.logIn,
    registerUrl: accountPaths.register,
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
    isSignedIn,
    currentSectionSlug = null,
  }: { chrome: Chrome; template: string; page: Page; meta: MetaView; isSignedIn: boolean; currentSectionSlug?: string | null },
): SlottedPage {
  const site = toSiteView({ ...chrome, currentSectionSlug, readerLinks: readerLinksFor(isSignedIn), isTestMode: deps.paymentProvider.kind === 'test', stylesheet: deps.theme.stylesheet, now: deps.now() });
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

/** Renders a page and sends it. */
export function sendPage<Page>(
  reply: FastifyReply,
  deps: SiteDeps,
  options: {
    chrome: Chrome;
    template: string;
    page: Page;
    meta: MetaView;
    account: Account | null;
    currentSectionSlug?: string | null;
    status?: number;
    /** Hands the rendered page to a cache, for pages that are the same for every reader in the same state. */
    keep?: (page: SlottedPage) => void;
  },
): FastifyReply {
  const page = renderPage(deps, { ...options, isSignedIn: options.account !== null });
  options.keep?.(page);
  return sendSlottedPage(reply, page, { account: options.account, status: options.status, isKept: deps.isCachingPages && options.keep !== undefined });
}
