import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession } from '../../../../test/browser-session.ts';
import { seedPublication } from '../../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { sessionCookieName } from '../../../accounts/sessions.ts';

let clock = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
await seedPublication(database.db, clock);
const app = await buildTestApp(database, { now: () => clock });
const outbox = path.join(database.dataDir, 'outbox');

function lastMailTo(address: string): string {
  const files = readdirSync(outbox).filter((file) => file.endsWith('.eml')).sort();
  const messages = files.map((file) => readFileSync(path.join(outbox, file), 'utf8')).filter((message) => message.includes(`To: ${address}`));
  const last = messages.at(-1);
  assert.ok(last, `no mail to ${address}`);
  return last.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

async function registered(email: string, password = 'a long passphrase') {
  const browser = browserSession(app, { 'x-forwarded-for': email });
  await browser.get('/register');
  await browser.post('/register', { name: 'Reader', email, password });
  return browser;
}

describe(`reader accounts on the site (${database.dialect})`, () => {
  it('registers, shows the account page, logs out and logs back in with odd case and spaces', async () => {
    const browser = await registered('first@example.org');
    assert.ok(browser.cookies.has(sessionCookieName));
    const account = await browser.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /first@example.org/);
    assert.equal(account.headers['cache-control'], 'private, no-store');

    const loggedOut = await browser.post('/logout', {});
    assert.equal(loggedOut.statusCode, 303);
    assert.ok(!browser.cookies.has(sessionCookieName));
    assert.equal((await browser.get('/account')).statusCode, 303);

    await browser.get('/login');
    const back = await browser.post('/login', { email: '  FIRST@Example.org ', password: 'a long passphrase', next: '/world' });
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, '/world');
  });

  it('answers a wrong password and an unknown address with the same message', async () => {
    await registered('second@example.org');
    const browser = browserSession(app);
    await browser.get('/login');
    const wrongPassword = await browser.post('/login', { email: 'second@example.org', password: 'not the passphrase' });
    const unknown = await browser.post('/login', { email: 'nobody@example.org', password: 'not the passphrase' });
    assert.equal(wrongPassword.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    const message = (html: string) => html.match(/role="alert"[^>]*>([\s\S]*?)<\//)?.[1]?.trim();
    assert.equal(message(wrongPassword.body), message(unknown.body));
    assert.match(wrongPassword.body, /do not match an account/);
  });

  it('refuses a form without its CSRF token', async () => {
    const browser = browserSession(app);
    await browser.get('/login');
    const response = await browser.post('/login', { email: 'x@example.org', password: 'whatever it is' }, { withCsrf: false });
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /This form has expired/);
  });

  it('never sends a reader off the site after logging in', async () => {
    await registered('third@example.org');
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/world?x=1']) {
      const browser = browserSession(app);
      await browser.get('/login');
      const response = await browser.post('/login', { email: 'third@example.org', password: 'a long passphrase', next });
      assert.equal(response.headers.location, next === '/world?x=1' ? '/world?x=1' : '/', next);
    }
  });

  it('limits log-in attempts per address', async () => {
    const browser = browserSession(app, { 'x-forwarded-for': 'limit-test' });
    await browser.get('/login');
    const statuses = [];
    for (let attempt = 0; attempt < 9; attempt += 1) statuses.push((await browser.post('/login', { email: 'target@example.org', password: 'guess number x' })).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 401, 401, 429]);
    const refused = await browser.post('/login', { email: 'target@example.org', password: 'guess number x' });
    assert.match(refused.body, /Too many attempts/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
  });

  it('resets a forgotten password by an e-mailed link that works once', async () => {
    await registered('forgetful@example.org');
    const browser = browserSession(app);
    await browser.get('/login/forgot');
    const asked = await browser.post('/login/forgot', { email: ' Forgetful@EXAMPLE.org' });
    assert.match(asked.body, /forgetful@example.org/);
    const link = lastMailTo('forgetful@example.org').match(/https:\/\/news\.example\/login\/reset\?token=([A-Za-z0-9_-]+)/);
    assert.ok(link?.[1]);
    await browser.get(`/login/reset?token=${link[1]}`);
    const short = await browser.post('/login/reset', { token: link[1], password: 'short' });
    assert.equal(short.statusCode, 400);
    const reset = await browser.post('/login/reset', { token: link[1], password: 'a brand new passphrase' });
    assert.equal(reset.statusCode, 303);
    const reused = await browser.post('/login/reset', { token: link[1], password: 'yet another passphrase' });
    assert.equal(reused.statusCode, 400);
    assert.match(reused.body, /already been used/);
    const expired = await browserSession(app).get(`/login/reset?token=${link[1]}`);
    assert.match(expired.body, /already been used/);
  });

  it('says the same whether or not an account exists when asked for a link, and mails only real accounts', async () => {
    const browser = browserSession(app);
    await browser.get('/login/forgot');
    const response = await browser.post('/login/forgot', { email: 'ghost@example.org' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /If an account exists for (<strong>)?ghost@example.org/);
    assert.throws(() => lastMailTo('ghost@example.org'));
  });

  it('logs in by a one-time e-mailed link, after a click on the page it opens', async () => {
    await registered('linked@example.org');
    const browser = browserSession(app);
    await browser.get('/login/link');
    await browser.post('/login/link', { email: 'linked@example.org' });
    const token = lastMailTo('linked@example.org').match(/\/login\/link\/confirm\?token=([A-Za-z0-9_-]+)/)?.[1];
    assert.ok(token);
    const opened = await browser.get(`/login/link/confirm?token=${token}`);
    assert.equal(opened.statusCode, 200);
    assert.ok(!browser.cookies.has(sessionCookieName), 'opening the link alone does not log in');
    const confirmed = await browser.post('/login/link/confirm', { token });
    assert.equal(confirmed.statusCode, 303);
    assert.ok(browser.cookies.has(sessionCookieName));

    clock = new Date(clock.getTime() + 60 * 60 * 1000);
    const again = await browserSession(app).get(`/login/link/confirm?token=${token}`);
    assert.match(again.body, /already been used/);
  });

  it('refuses an expired link with a clear message', async () => {
    await registered('slow@example.org');
    const browser = browserSession(app);
    await browser.get('/login/link');
    await browser.post('/login/link', { email: 'slow@example.org' });
    const token = lastMailTo('slow@example.org').match(/\/login\/link\/confirm\?token=([A-Za-z0-9_-]+)/)?.[1];
    clock = new Date(clock.getTime() + 16 * 60 * 1000);
    const response = await browser.get(`/login/link/confirm?token=${token}`);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /expired/);
  });

  it('treats a session of a deleted reader as no session', async () => {
    const browser = await registered('deleted@example.org');
    await database.db.deleteFrom('accounts').where('email', '=', 'deleted@example.org').execute();
    const response = await browser.get('/account');
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers.location), /^\/login\?next=/);
  });

  it('refuses a second registration for an address, in any case', async () => {
    await registered('taken@example.org');
    const browser = browserSession(app);
    await browser.get('/register');
    const response = await browser.post('/register', { email: 'TAKEN@example.org', password: 'a long passphrase' });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /already exists/);
  });
});
