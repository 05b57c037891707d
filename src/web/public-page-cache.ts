import type { FastifyRequest } from 'fastify';
import type { Account } from '../accounts/account.ts';
import { readContentVersion } from '../settings/content-version.ts';
import { cacheEpoch, createPageCache } from './page-cache.ts';
import type { SiteDeps } from './site-deps.ts';

/**
 * Pages that are the same for every reader who is not signed in (fronts, feeds), kept per address
 * and content version. A signed-in reader's page carries their own links and is never kept.
 */
export function createPublicPageCache(deps: SiteDeps, size = 1_000) {
  const pages = createPageCache<string>(deps.isCachingPages ? size : 0);
  return {
    /** The key for this request (null when the page is personal) and the page kept under it, if any. */
    async lookup(request: FastifyRequest, account: Account | null): Promise<{ key: string | null; page: string | undefined }> {
      if (account !== null || !deps.isCachingPages) return { key: null, page: undefined };
      const key = `${cacheEpoch(await readContentVersion(deps.db), deps.now())}:${request.url}`;
      return { key, page: pages.get(key) };
    },
    store(key: string | null, page: string): void {
      if (key !== null) pages.set(key, page);
    },
  };
}
