import type { Role } from '../src/accounts/account.ts';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import type { Database } from '../src/db/database.ts';

let counter = 0;

/** A signed-in account of the given role, as the Cookie header its browser would send. */
export async function signedInCookie(db: Database, role: Role, now: Date): Promise<{ accountId: number; cookie: string }> {
  counter += 1;
  const accountId = await insertAccount(db, { email: `${role}${counter}@example.org`, name: `${role} ${counter}`, passwordHash: null, role, now });
  const { token } = await openSession(db, accountId, now);
  return { accountId, cookie: `${sessionCookieName}=${token}` };
}

/** The value of a Set-Cookie header's cookie, for sending back. */
export function cookieFrom(setCookie: string | string[] | undefined, name: string): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
  for (const header of headers) {
    const [pair = ''] = header.split(';');
    const [key, ...value] = pair.split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
