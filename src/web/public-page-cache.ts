import type { FastifyRequest } from 'fastify';
import { cacheEpoch } from '../settings/content-version.ts';
import { createPageCache } from './page-cache.ts';
import { slottedPageBytes, type SlottedPage } from './reader-slots.ts';
import { hasSubscription, type ReaderIdentity } from '../http/reader-identity.ts';
import type { ReaderSiteDeps } from './reader-site-deps.ts';

/**
 * Pages whose content is the same for every reader (fronts), kept per address, content version,
 * whether the reader is signed in and whether they subscribe (the masthead offers "Subscribe" to all
 * who do not); a signed-in reader's own details are slots filled per request.
 */
export function createPublicPageCache(deps: ReaderSiteDeps, size: number) {
  const pages = createPageCache<SlottedPage>({ maxEntries: deps.isCachingPages ? size : 0, maxBytes: size * 64 * 1024, sizeOf: slottedPageBytes });
  return {
    /** The key for this request (null when pages are not kept) and the page kept under it, if any. */
    async lookup(
      request: FastifyRequest,
      identity: Pick<ReaderIdentity, 'account' | 'reader'>,
    ): Promise<{ key: string | null; page: SlottedPage | undefined }> {
      if (!deps.isCachingPages) return { key: null, page: undefined };
      const key = `${cacheEpoch(await deps.contentVersion.current(), deps.now())}:${identity.account === null ? 'anonymous' : hasSubscription(identity) ? 'subscriber' : 'signed-in'}:${request.url}`;
      return { key, page: pages.get(key) };
    },
    store(key: string | null, page: SlottedPage): void {
      if (key !== null) pages.set(key, page);
    },
  };
}
