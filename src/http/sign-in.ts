import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../accounts/account.ts';
import { mergeAnonymousReads } from '../accounts/reader-meter.ts';
import { openSession, sessionCookieName, sessionLifetimeOf } from '../accounts/sessions.ts';
import { readAccessSettings } from '../settings/access-settings-repository.ts';
import { renewFormSecret } from './form-secret.ts';
import { keepAccountAssignments, listRunningExperiments, readRegisteredMeterLimit } from '../experiments/experiment-repository.ts';
import { clearAnonymousMeter, readAnonymousCookie } from './meter-cookie-jar.ts';
import type { SiteDeps } from './site-deps.ts';

/**
 * Signs a reader in: opens a session, takes in the reads of their anonymous meter this month and
 * the variants their browser was given of the experiments still running (where the account has
 * none of its own: the account's stands), and forgets the cookie that held them.
 */
export async function signIn(request: FastifyRequest, reply: FastifyReply, deps: SiteDeps, account: Account): Promise<void> {
  const now = deps.now();
  const cookie = readAnonymousCookie(request, deps);
  const anonymousMeter = cookie?.meter ?? null;
  const heldVariants = cookie?.visitor?.assignments ?? [];
  if (heldVariants.length > 0 && account.role === 'reader') {
    const runningIds = new Set((await listRunningExperiments(deps.db)).map(({ id }) => id));
    const assignments = heldVariants.filter(({ experimentId }) => runningIds.has(experimentId));
    await keepAccountAssignments(deps.db, { accountId: account.id, assignments, now });
  }
  if (anonymousMeter !== null && anonymousMeter.articleIds.length > 0 && account.role === 'reader') {
    const settings = await readAccessSettings(deps.db);
    const limit = await readRegisteredMeterLimit(deps.db, account.id, settings);
    await mergeAnonymousReads(deps.db, deps.dialect, { accountId: account.id, meter: anonymousMeter, limit, now });
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
