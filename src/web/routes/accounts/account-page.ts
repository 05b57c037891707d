import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../../../accounts/account.ts';
import { openSession, sessionCookieName, sessionLifetimeOf } from '../../../accounts/sessions.ts';
import { consumeRateLimit, type RateLimit } from '../../../accounts/rate-limit.ts';
import { mergeAnonymousReads } from '../../../accounts/reader-meter.ts';
import { readAccessSettings } from '../../../settings/access-settings-repository.ts';
import { renewFormSecret } from '../../../http/form-secret.ts';
import { clearAnonymousMeter, readAnonymousMeter } from '../../../http/meter-cookie-jar.ts';
import { sendPage } from '../../render-page.ts';
import { findSignedInReader } from '../../../http/reader-identity.ts';
import { type SiteDeps } from '../../../http/site-deps.ts';
import { pageMeta } from '../../views/meta-view.ts';

/** Renders one of the account pages: never indexed, never cached. */
export async function sendAccountPage<Page>(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: SiteDeps,
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

/**
 * Signs a reader in: opens a session, takes in the reads of their anonymous meter this month, and
 * forgets the cookie that held them.
 */
export async function signIn(request: FastifyRequest, reply: FastifyReply, deps: SiteDeps, account: Account): Promise<void> {
  const now = deps.now();
  const anonymousMeter = readAnonymousMeter(request, deps);
  if (anonymousMeter !== null && anonymousMeter.articleIds.length > 0 && account.role === 'reader') {
    const settings = await readAccessSettings(deps.db);
    await mergeAnonymousReads(deps.db, deps.dialect, { accountId: account.id, meter: anonymousMeter, limit: settings.meterLimits.registered, now });
  }
  clearAnonymousMeter(reply, deps);
  const lifetimeMs = sessionLifetimeOf(account);
  const { token } = await openSession(deps.db, account.id, now, lifetimeMs);
  reply.setCookie(sessionCookieName, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.isSecure,
    maxAge: Math.floor(lifetimeMs / 1000),
  });
  renewFormSecret(reply, deps.isSecure);
}

/** Counts an attempt against each limit; the message to show when one is exceeded, else null. */
export async function checkRateLimits(reply: FastifyReply, deps: SiteDeps, limits: readonly { rule: RateLimit; subject: string }[]): Promise<string | null> {
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
