import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../src/accounts/account.ts';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { normalizeEmail } from '../src/accounts/email-address.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import type { Database } from '../src/db/database.ts';
import type { BrowserSession } from './browser-session.ts';
import { lastMailTo, mailedLink } from './outbox.ts';

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

/**
 * Registers through the site as a reader does: the form, then the link mailed to the address (read
 * from the outbox in the data folder), the page it opens, and that page's button. Gives the last
 * answer, which signs the browser in and sends it where registering was to lead.
 */
export async function registerThroughSite(
  browser: BrowserSession,
  dataDir: string,
  form: { email: string; password: string; name?: string; next?: string },
): Promise<LightMyRequestResponse> {
  await browser.get('/register');
  const asked = await browser.post('/register', form);
  if (asked.statusCode !== 200) throw new Error(`registering ${form.email} answered ${asked.statusCode}`);
  const link = mailedLink(lastMailTo(dataDir, normalizeEmail(form.email) ?? form.email), '/register/confirm');
  await browser.get(`${link.pathname}${link.search}`);
  return browser.post('/register/confirm', { token: link.searchParams.get('token') ?? '' });
}
