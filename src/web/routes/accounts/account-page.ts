import type { FastifyReply, FastifyRequest } from 'fastify';
import { consumeRateLimit, type RateLimit } from '../../../accounts/rate-limit.ts';
import { sendPage } from '../../render-page.ts';
import { findSignedInReader } from '../../../http/reader-identity.ts';
import type { ReaderSiteDeps } from '../../reader-site-deps.ts';
import { pageMeta } from '../../views/meta-view.ts';

/** Renders one of the account pages: never indexed, never cached. */
export async function sendAccountPage<Page>(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  { template, title, page, status = 200 }: { template: string; title: string; page: Page; status?: number },
): Promise<FastifyReply> {
  const [chrome, identity] = await Promise.all([deps.chrome(), findSignedInReader(request, deps)]);
  const meta = pageMeta({
    title,
    description: title,
    path: request.url.split('?')[0] ?? '/',
    publicUrl: deps.publicUrl,
    settings: chrome.settings,
    isIndexable: false,
  });
  reply.header('cache-control', 'private, no-store');
  return sendPage(reply, deps, { chrome, identity, template, page, meta, status });
}

/** Counts an attempt against each limit; the message to show when one is exceeded, else null. */
export async function checkRateLimits(
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  limits: readonly { rule: RateLimit; subject: string }[],
): Promise<string | null> {
  for (const { rule, subject } of limits) {
    const result = await consumeRateLimit(deps.db, rule, subject, deps.now());
    if (!result.isAllowed) {
      reply.header('retry-after', String(result.retryAfterSeconds));
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      return `Too many attempts. Please wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again.`;
    }
  }
  return null;
}
