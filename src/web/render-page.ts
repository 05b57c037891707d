import type { FastifyReply } from 'fastify';
import type { Account } from '../accounts/account.ts';
import { accountPaths } from './account-paths.ts';
import { toSiteView } from './site-view.ts';
import type { Chrome, SiteDeps } from './site-deps.ts';
import type { MetaView, ReaderLinksView } from './views/view-models.ts';

/** The masthead's account links; a signed-in reader's page carries the token their log-out form needs. */
export function readerLinksFor(account: Account | null, reply: FastifyReply): ReaderLinksView {
  return {
    isSignedIn: account !== null,
    name: account === null ? '' : account.name || account.email,
    accountUrl: accountPaths.account,
    logInUrl: accountPaths.logIn,
    registerUrl: accountPaths.register,
    logOutUrl: accountPaths.logOut,
    csrfToken: account === null ? '' : reply.generateCsrf(),
  };
}

/** Renders a theme template inside the site's chrome. */
export async function renderPage<Page>(
  deps: SiteDeps,
  {
    chrome,
    template,
    page,
    meta,
    readerLinks,
    currentSectionSlug = null,
  }: { chrome: Chrome; template: string; page: Page; meta: MetaView; readerLinks: ReaderLinksView; currentSectionSlug?: string | null },
): Promise<string> {
  const site = toSiteView({ ...chrome, currentSectionSlug, readerLinks, isTestMode: deps.paymentProvider.kind === 'test', now: deps.now() });
  return deps.theme.render(template, { site, meta, page });
}

/** Renders a page and sends it. Pages for a signed-in reader are theirs alone and never cached. */
export async function sendPage<Page>(
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
    /** Hands the rendered page to a cache, for pages that are the same for every reader not signed in. */
    keep?: (html: string) => void;
  },
): Promise<FastifyReply> {
  const html = await renderPage(deps, { ...options, readerLinks: readerLinksFor(options.account, reply) });
  options.keep?.(html);
  if (options.account !== null) reply.header('cache-control', 'private, no-store');
  return reply.status(options.status ?? 200).type('text/html; charset=utf-8').send(html);
}
