import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildTestApp } from '../../test/app.ts';
import { browserSession, type BrowserSession } from '../../test/browser-session.ts';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { registerThroughSite } from '../../test/readers.ts';
import { sessionCookieName } from '../accounts/sessions.ts';
import { formSecretCookieName } from './form-secret.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
await seedPublication(database.db, now);
const app = await buildTestApp(database, { now: () => now, env: { TRUST_PROXY: 'true' } });
after(() => app.close());

let readers = 0;
/** A reader signed in through the site, on a client address of its own (so rate limits count each apart). */
async function signedInReader(): Promise<BrowserSession> {
  readers += 1;
  const email = `form-token-reader-${readers}@example.org`;
  const browser = browserSession(app, { 'x-forwarded-for': `192.0.2.${readers}` });
  assert.equal((await registerThroughSite(browser, database.dataDir, { email, password: 'a long passphrase' })).statusCode, 303);
  return browser;
}

/** The form token a page hands this browser, and the form-secret cookie it was made with. */
async function formOf(browser: BrowserSession, page: string): Promise<{ token: string; secretCookie: string }> {
  const response = await browser.get(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
  const secretCookie = browser.cookies.get(formSecretCookieName);
  assert.ok(token && secretCookie, `${page} shows a form and sets its secret`);
  return { token, secretCookie };
}

/** Posts a form from a browser holding exactly these cookies. */
function postWith(cookies: Record<string, string>, url: string, form: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: Object.entries(cookies)
        .map(([name, value]) => `${name}=${value}`)
        .join('; '),
    },
    payload: new URLSearchParams(form).toString(),
  });
}

describe(`form tokens are bound to the session (${database.dialect})`, () => {
  it("refuses a stranger's form secret and token planted beside a reader's session", async () => {
    const victim = await signedInReader();
    const session = victim.cookies.get(sessionCookieName);
    assert.ok(session);
    // The attacker's own browser, never signed in, gets a secret and a token that go together...
    const attacker = await formOf(browserSession(app), '/login');
    // ...and plants both beside the reader's session, to sign the reader out.
    const forged = await postWith({ [sessionCookieName]: session, [formSecretCookieName]: attacker.secretCookie }, '/logout', { _csrf: attacker.token });
    assert.equal(forged.statusCode, 403);
    assert.equal((await victim.get('/account')).statusCode, 200, 'the reader is still signed in');
  });

  it("refuses a signed-in stranger's secret and token beside another reader's session", async () => {
    const victim = await signedInReader();
    const stranger = await signedInReader();
    const strangers = await formOf(stranger, '/account');
    const session = victim.cookies.get(sessionCookieName);
    assert.ok(session);
    const forged = await postWith({ [sessionCookieName]: session, [formSecretCookieName]: strangers.secretCookie }, '/logout', { _csrf: strangers.token });
    assert.equal(forged.statusCode, 403);
    assert.equal((await victim.get('/account')).statusCode, 200, 'the reader is still signed in');
  });

  it("accepts the reader's own forms, every form of one page, and the anonymous log-in form", async () => {
    const reader = await signedInReader();
    const page = await reader.get('/account');
    const tokens = new Set([...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((match) => match[1]));
    assert.equal(tokens.size, 1, 'one token for every form of the page');
    assert.equal((await reader.post('/logout', {})).statusCode, 303);
    const stranger = browserSession(app, { 'x-forwarded-for': '198.51.100.7' });
    await stranger.get('/login');
    assert.equal((await stranger.post('/login', { email: 'nobody@example.org', password: 'not a passphrase' })).statusCode, 401);
  });

  it('accepts a form shown by one app instance at another sharing the secret, as behind a load balancer', async () => {
    const other = await buildTestApp(database, { now: () => now, env: { TRUST_PROXY: 'true' } });
    after(() => other.close());
    const reader = await signedInReader();
    const { token, secretCookie } = await formOf(reader, '/account');
    const session = reader.cookies.get(sessionCookieName);
    assert.ok(session);
    const elsewhere = await other.inject({
      method: 'POST',
      url: '/logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${sessionCookieName}=${session}; ${formSecretCookieName}=${secretCookie}` },
      payload: new URLSearchParams({ _csrf: token }).toString(),
    });
    assert.equal(elsewhere.statusCode, 303);
  });

  it("gives a browser again the token its secret and session were given, and a new secret's token in place of a forged secret", async () => {
    const reader = await signedInReader();
    // Signing in dropped the secret: the first page makes the one the browser keeps.
    await formOf(reader, '/account');
    const first = await formOf(reader, '/account');
    const again = await formOf(reader, '/account');
    assert.deepEqual(again, first, 'the same secret and the same token');
    const session = reader.cookies.get(sessionCookieName);
    assert.ok(session);
    const forgedSecret = `${first.secretCookie.slice(0, first.secretCookie.lastIndexOf('.'))}.forged`;
    const answer = await app.inject({ url: '/account', headers: { cookie: `${sessionCookieName}=${session}; ${formSecretCookieName}=${forgedSecret}` } });
    const newSecret = [answer.headers['set-cookie']]
      .flat()
      .find((header) => header?.startsWith(`${formSecretCookieName}=`))
      ?.split(';')[0]
      ?.slice(formSecretCookieName.length + 1);
    const token = /name="_csrf" value="([^"]+)"/.exec(answer.body)?.[1];
    assert.ok(newSecret && token && token !== first.token, 'a new secret, and a token made with it');
    assert.equal((await postWith({ [sessionCookieName]: session, [formSecretCookieName]: newSecret }, '/logout', { _csrf: token })).statusCode, 303);
  });
});
