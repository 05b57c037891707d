import type { FastifyRequest } from 'fastify';
import type { Reader } from '../access/reader.ts';
import { isStaff, type Account } from '../accounts/account.ts';
import { findSessionAccount, sessionCookieName } from '../accounts/sessions.ts';
import type { SiteDeps } from './site-deps.ts';

export type ReaderIdentity = {
  account: Account | null;
  reader: Reader;
  sessionToken: string | undefined;
};

export const anonymousIdentity: ReaderIdentity = { account: null, reader: { kind: 'anonymous' }, sessionToken: undefined };

/** The signed-in account, for pages whose content is the same for everyone but the masthead. */
export async function findReaderAccount(request: FastifyRequest, deps: SiteDeps): Promise<Account | null> {
  return findSessionAccount(deps.db, request.cookies?.[sessionCookieName], deps.now());
}

/**
 * Who is asking: the account behind the session cookie, else a crawler whose address checks out
 * by DNS, else an anonymous reader. A User-Agent alone never makes a crawler.
 */
export async function identifyReader(request: FastifyRequest, deps: SiteDeps): Promise<ReaderIdentity> {
  const sessionToken = request.cookies[sessionCookieName];
  const account = await findSessionAccount(deps.db, sessionToken, deps.now());
  if (account) {
    const reader: Reader = isStaff(account) ? { kind: 'staff', readerId: account.id } : { kind: 'registered', readerId: account.id, lapsed: null };
    return { account, reader, sessionToken };
  }
  if (await deps.verifyCrawler(request.ip, request.headers['user-agent'])) {
    return { account: null, reader: { kind: 'verified-crawler' }, sessionToken: undefined };
  }
  return { ...anonymousIdentity, sessionToken: undefined };
}
