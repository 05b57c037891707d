import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, offlineResolver } from '../../../../test/app.ts';
import { browserSession } from '../../../../test/browser-session.ts';
import { seedPublication } from '../../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { lastMailTo, mailedLink } from '../../../../test/outbox.ts';
import { registerThroughSite } from '../../../../test/readers.ts';
import { insertAccount } from '../../../accounts/account-repository.ts';
import { hashPassword } from '../../../accounts/passwords.ts';
import { parseRegistration, registerReader } from '../../../accounts/register.ts';
import { requestRegistration } from '../../../accounts/registration-requests.ts';
import { openSession, sessionCookieName } from '../../../accounts/sessions.ts';
import { choosePaymentProvider } from '../../../commerce/payment-provider-choice.ts';
import { loadConfig } from '../../../config/config.ts';
import { buildApp } from '../../../server.ts';

let clock = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
await seedPublication(database.db, clock);
// Behind a proxy, so that each browser's X-Forwarded-For is its client address for the rate limits.
const app = await buildTestApp(database, { now: () => clock, env: { TRUST_PROXY: 'true' } });
const mailTo = (address: string) => lastMailTo(database.dataDir, address);

/** A browser of its own client address, so that the per-client rate limits count each apart. */
const browserFrom = (client: string) => browserSession(app, { 'x-forwarded-for': client });

async function registered(email: string, password = 'a long passphrase') {
  const browser = browserFrom(email);
  const finished = await registerThroughSite(browser, database.dataDir, { name: 'Reader', email, password });
  assert.equal(finished.statusCode, 303);
  return browser;
}

/** The token of the registration link last mailed to an address. */
const registrationToken = (address: string) => mailedLink(mailTo(address), '/register/confirm').searchParams.get('token') ?? '';

/** What a page's main part says, with one address and the form token taken out. */
function mainOf(response: LightMyRequestResponse, address: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(response.body)?.[0];
  assert.ok(main, 'the page has a main part');
  return main.replaceAll(address, '(address)').replace(/name="_csrf" value="[^"]*"/g, '');
}

const accountAt = (email: string) => database.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
const countRows = async (table: 'accounts' | 'registration_requests') =>
  Number(
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow()
    ).count,
  );

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

  it('stops forms shown before a sign-in or a sign-out from working after it', async () => {
    const browser = await registered('renewed@example.org');
    // The browser still holds the token of the form it registered with, from before it was signed in.
    assert.equal((await browser.post('/logout', {})).statusCode, 403);
    await browser.get('/account');
    assert.equal((await browser.post('/logout', {})).statusCode, 303);
    // And the token of the account page, shown while signed in, no longer works signed out.
    assert.equal((await browser.post('/login', { email: 'renewed@example.org', password: 'a long passphrase' })).statusCode, 403);
    await browser.get('/login');
    assert.equal((await browser.post('/login', { email: 'renewed@example.org', password: 'a long passphrase' })).statusCode, 303);
  });

  it('gives every form of the first page after signing in a token that works', async () => {
    const browser = await registered('many-forms@example.org');
    const page = await browser.get('/account');
    const tokens = [...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((match) => match[1] ?? '');
    assert.ok(tokens.length >= 3, `the account page has several forms (found ${tokens.length})`);
    for (const token of new Set(tokens)) {
      const saved = await browser.post('/account', { _csrf: token, name: 'Many Forms', email: 'many-forms@example.org' });
      assert.notEqual(saved.statusCode, 403, 'a token of the page is refused');
    }
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
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/.//evil.example/phish',
      '/%2e%2e//evil.example',
      '/world?x=1',
    ]) {
      const browser = browserSession(app);
      await browser.get('/login');
      const response = await browser.post('/login', { email: 'third@example.org', password: 'a long passphrase', next });
      assert.equal(response.headers.location, next === '/world?x=1' ? '/world?x=1' : '/', next);
    }
  });

  it('never sends a newly registered reader off the site, whether the path was asked for now or stored before a stricter check', async () => {
    const browser = browserFrom('registered-next');
    const finished = await registerThroughSite(browser, database.dataDir, {
      email: 'dotted@example.org',
      password: 'a long passphrase',
      next: '/..//evil.example/x',
    });
    assert.equal(finished.headers.location, '/');
    // A link asked for when the check read only the input, and kept with the path it let through.
    const stored = await requestRegistration(database.db, {
      registration: parseRegistration({ email: 'stored@example.org', name: '', password: 'a long passphrase' }),
      nextPath: '//evil.example/x',
      now: clock,
    });
    assert.ok(stored.kind === 'new-address');
    const linked = browserFrom('stored-next');
    await linked.get(`/register/confirm?token=${stored.token}`);
    const confirmed = await linked.post('/register/confirm', { token: stored.token });
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, '/');
  });

  it('limits log-in attempts per address', async () => {
    const browser = browserSession(app, { 'x-forwarded-for': 'limit-test' });
    await browser.get('/login');
    const statuses = [];
    for (let attempt = 0; attempt < 9; attempt += 1)
      statuses.push((await browser.post('/login', { email: 'target@example.org', password: 'guess number x' })).statusCode);
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
    const link = mailTo('forgetful@example.org').match(/https:\/\/news\.example\/login\/reset\?token=([A-Za-z0-9_-]+)/);
    assert.ok(link?.[1]);
    await browser.get(`/login/reset?token=${link[1]}`);
    const short = await browser.post('/login/reset', { token: link[1], password: 'short' });
    assert.equal(short.statusCode, 400);
    const reset = await browser.post('/login/reset', { token: link[1], password: 'a brand new passphrase' });
    assert.equal(reset.statusCode, 303);
    // Signed in now: the form of before is void, and a form of the new session is what can try again.
    await browser.get('/account');
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
    assert.throws(() => mailTo('ghost@example.org'));
  });

  it('logs in by a one-time e-mailed link, after a click on the page it opens', async () => {
    await registered('linked@example.org');
    const browser = browserSession(app);
    await browser.get('/login/link');
    await browser.post('/login/link', { email: 'linked@example.org' });
    const token = mailTo('linked@example.org').match(/\/login\/link\/confirm\?token=([A-Za-z0-9_-]+)/)?.[1];
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
    const token = mailTo('slow@example.org').match(/\/login\/link\/confirm\?token=([A-Za-z0-9_-]+)/)?.[1];
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

  it('registers by a mailed link: the form says to check the mail, the link opens a button, the button signs in and leads on', async () => {
    const browser = browserFrom('newcomer');
    await browser.get('/register?next=%2Fworld');
    const asked = await browser.post('/register', { name: ' Nell Newcomer ', email: ' Nell@Example.org', password: 'a long passphrase', next: '/world' });
    assert.equal(asked.statusCode, 200);
    assert.match(asked.body, /Check your email/);
    assert.match(asked.body, /We have emailed <strong>nell@example.org<\/strong>/);
    assert.ok(!browser.cookies.has(sessionCookieName), 'asking to register does not sign in');
    assert.equal(await accountAt('nell@example.org'), undefined, 'no account yet');

    const mail = mailTo('nell@example.org');
    assert.match(mail, /Subject: Finish registering with /);
    const token = registrationToken('nell@example.org');
    const opened = await browser.get(`/register/confirm?token=${token}`);
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /as <strong>nell@example.org<\/strong>/);
    assert.match(opened.body, /Finish registering<\/button>/);
    assert.ok(!browser.cookies.has(sessionCookieName), 'opening the link alone does not register');
    assert.equal((await browserFrom('scanner').get(`/register/confirm?token=${token}`)).statusCode, 200, 'a mail scanner opening it does not use it up');

    const finished = await browser.post('/register/confirm', { token });
    assert.equal(finished.statusCode, 303);
    assert.equal(finished.headers.location, '/world');
    assert.ok(browser.cookies.has(sessionCookieName));
    const account = await browser.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /nell@example.org/);
    assert.match(account.body, /Nell Newcomer/);

    await browser.post('/logout', {});
    await browser.get('/login');
    assert.equal(
      (await browser.post('/login', { email: 'nell@example.org', password: 'a long passphrase' })).statusCode,
      303,
      'the password chosen on the form works',
    );
  });

  it('uses a registration link once', async () => {
    const browser = browserFrom('twice');
    await browser.get('/register');
    await browser.post('/register', { email: 'twice@example.org', password: 'a long passphrase' });
    const token = registrationToken('twice@example.org');
    await browser.get(`/register/confirm?token=${token}`);
    assert.equal((await browser.post('/register/confirm', { token })).statusCode, 303);
    const accounts = await countRows('accounts');

    await browser.get('/account');
    const again = await browser.post('/register/confirm', { token });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /already been used/);
    assert.match(again.body, /href="\/login\/forgot"/);
    const reopened = await browserFrom('twice-later').get(`/register/confirm?token=${token}`);
    assert.equal(reopened.statusCode, 400);
    assert.match(reopened.body, /already been used/);
    assert.doesNotMatch(reopened.body, /name="token"/);
    assert.equal(await countRows('accounts'), accounts);
  });

  it('refuses an expired or made-up registration link with a clear message, and makes no account', async () => {
    const browser = browserFrom('late');
    await browser.get('/register');
    await browser.post('/register', { email: 'late@example.org', password: 'a long passphrase' });
    const token = registrationToken('late@example.org');
    clock = new Date(clock.getTime() + 24 * 60 * 60 * 1000 + 60_000);
    const opened = await browser.get(`/register/confirm?token=${token}`);
    assert.equal(opened.statusCode, 400);
    assert.match(opened.body, /expired/);
    assert.match(opened.body, /Register again/);
    const pressed = await browser.post('/register/confirm', { token });
    assert.equal(pressed.statusCode, 400);
    assert.match(pressed.body, /expired/);
    assert.ok(!browser.cookies.has(sessionCookieName));
    assert.equal(await accountAt('late@example.org'), undefined);

    const madeUp = await browser.get(`/register/confirm?token=${'x'.repeat(43)}`);
    assert.equal(madeUp.statusCode, 400);
    assert.match(madeUp.body, /not valid/);
    assert.equal((await browser.post('/register/confirm', { token: 'x'.repeat(43) })).statusCode, 400);
  });

  it('answers a taken address as it answers a new one, and mails its owner that they already have an account', async () => {
    await registered('taken@example.org');
    const requests = await countRows('registration_requests');
    const accounts = await countRows('accounts');
    const answers = [];
    for (const address of ['TAKEN@example.org', 'untaken@example.org']) {
      const browser = browserFrom(`probe-${address}`);
      await browser.get('/register?next=%2Foffers');
      const response = await browser.post('/register', { name: 'Someone', email: address, password: 'a long probing passphrase', next: '/offers' });
      answers.push({ status: response.statusCode, signsIn: browser.cookies.has(sessionCookieName), page: mainOf(response, address.toLowerCase()) });
    }
    assert.deepEqual(answers[0], answers[1]);
    assert.equal(answers[0]?.status, 200);
    assert.equal(await countRows('registration_requests'), requests + 1, 'only the new address is kept');
    assert.equal(await countRows('accounts'), accounts);

    const reminder = mailTo('taken@example.org');
    assert.match(reminder, /Subject: You already have an account with /);
    assert.match(reminder, /https:\/\/news\.example\/login\?next=%2Foffers/);
    assert.match(reminder, /https:\/\/news\.example\/login\/forgot/);
    assert.doesNotMatch(reminder, /register\/confirm/);
    assert.match(mailTo('untaken@example.org'), /\/register\/confirm\?token=/);
  });

  it('refuses bad input with the reason, and keeps nothing and mails no one', async () => {
    const browser = browserFrom('careless');
    await browser.get('/register');
    const requests = await countRows('registration_requests');
    const accounts = await countRows('accounts');
    for (const [form, reason] of [
      [{ email: 'not-an-address', password: 'a long passphrase' }, /does not look like an e-mail address/],
      [{ email: 'careless@example.org', password: 'short' }, /at least 10 characters/],
      [{ email: 'careless@example.org', password: 'x'.repeat(201) }, /at most 200 characters/],
      [{ email: 'careless@example.org', password: 'a long passphrase', name: 'n'.repeat(121) }, /at most 120 characters/],
    ] as const) {
      const response = await browser.post('/register', form);
      assert.equal(response.statusCode, 400, form.email);
      assert.match(response.body, reason);
      assert.match(response.body, /name="email" [^>]*value="/, 'the form is shown again');
    }
    assert.equal(await countRows('registration_requests'), requests);
    assert.equal(await countRows('accounts'), accounts);
    assert.throws(() => mailTo('careless@example.org'));
  });

  it('says so when the address got an account while its link waited, and keeps both the account and the request', async () => {
    const first = browserFrom('first-of-two');
    await first.get('/register');
    await first.post('/register', { email: 'raced@example.org', password: 'the first passphrase' });
    const firstToken = registrationToken('raced@example.org');
    const second = browserFrom('second-of-two');
    await second.get('/register');
    await second.post('/register', { email: 'raced@example.org', password: 'the second passphrase' });
    const secondToken = registrationToken('raced@example.org');
    assert.notEqual(firstToken, secondToken);

    await second.get(`/register/confirm?token=${secondToken}`);
    assert.equal((await second.post('/register/confirm', { token: secondToken })).statusCode, 303);
    await first.get(`/register/confirm?token=${firstToken}`);
    const late = await first.post('/register/confirm', { token: firstToken });
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /already exists. Log in, or reset its password/);
    assert.match(late.body, /href="\/login"/);
    assert.match(late.body, /href="\/login\/forgot"/);
    assert.ok(!first.cookies.has(sessionCookieName));

    await first.get('/login');
    assert.equal(
      (await first.post('/login', { email: 'raced@example.org', password: 'the second passphrase' })).statusCode,
      303,
      'the account is as it was made',
    );
    const request = await database.db
      .selectFrom('registration_requests')
      .select('used_at')
      .where('email', '=', 'raced@example.org')
      .where('used_at', 'is', null)
      .execute();
    assert.equal(request.length, 1, 'the refused link is not used up');
  });

  it('limits registration attempts per address, whether or not it has an account', async () => {
    await registerReader(database.db, { email: 'popular@example.org', name: '', password: 'a long passphrase' }, clock);
    for (const address of ['popular@example.org', 'unpopular@example.org']) {
      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const browser = browserFrom(`${address}-${attempt}`);
        await browser.get('/register');
        statuses.push((await browser.post('/register', { email: address, password: 'a long passphrase' })).statusCode);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429], address);
    }
  });
});

/** The page's main part with the given addresses and the form token taken out, to compare two answers. */
function mainWithout(response: LightMyRequestResponse, addresses: readonly string[]): string {
  const main = /<main[\s\S]*<\/main>/.exec(response.body)?.[0];
  assert.ok(main, 'the page has a main part');
  return addresses.reduce((text, address, index) => text.replaceAll(address, `(address ${index})`), main).replace(/name="_csrf" value="[^"]*"/g, '');
}

/** The link to confirm a new address, last mailed to it. */
const emailChangeToken = (address: string) => mailedLink(mailTo(address), '/account/email/confirm').searchParams.get('token') ?? '';

describe(`changing the e-mail address of an account (${database.dialect})`, () => {
  /** A reader registered through the site, signed in, on the account page. */
  async function onAccountPage(email: string) {
    const browser = await registered(email);
    await browser.get('/account');
    return browser;
  }

  it('changes the name alone without asking for the password', async () => {
    const browser = await onAccountPage('renamed@example.org');
    const saved = await browser.post('/account', { name: 'A New Name', email: ' Renamed@example.org' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/account?changed=profile');
    assert.match((await browser.get('/account?changed=profile')).body, /value="A New Name"/);
  });

  it('asks for the current password to change the address, keeps what was typed, and changes and mails nothing without it', async () => {
    const browser = await onAccountPage('careful@example.org');
    for (const current of ['', 'not the passphrase']) {
      const refused = await browser.post('/account', { name: 'Careful Reader', email: 'careful.new@example.org', current });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Your current password is not right/);
      assert.match(refused.body, /name="email" [^>]*value="careful.new@example.org"/);
      assert.match(refused.body, /name="name" [^>]*value="Careful Reader"/);
    }
    assert.throws(() => mailTo('careful.new@example.org'));
    assert.ok(await accountAt('careful@example.org'));
    assert.doesNotMatch((await browser.get('/account')).body, /Careful Reader/, 'nothing of the refused form is saved');
  });

  it('asks a staff account for its password too', async () => {
    const accountId = await insertAccount(database.db, {
      email: 'desk@newsroom.example',
      name: 'Desk',
      passwordHash: await hashPassword('the desk passphrase'),
      role: 'editor',
      now: clock,
    });
    const browser = browserFrom('desk');
    browser.cookies.set(sessionCookieName, (await openSession(database.db, accountId, clock)).token);
    await browser.get('/account');
    assert.equal((await browser.post('/account', { name: 'Desk', email: 'desk@elsewhere.example' })).statusCode, 400);
    assert.throws(() => mailTo('desk@elsewhere.example'));
    const asked = await browser.post('/account', { name: 'Desk', email: 'desk@elsewhere.example', current: 'the desk passphrase' });
    assert.equal(asked.statusCode, 200);
    assert.match(mailTo('desk@elsewhere.example'), /\/account\/email\/confirm\?token=/);
  });

  it("answers a taken address exactly as a free one, and mails the taken address's owner a notice instead of a link", async () => {
    await registered('occupied@example.org');
    const answers = [];
    for (const [reader, wanted] of [
      ['mover-one@example.org', 'occupied@example.org'],
      ['mover-two@example.org', 'vacant@example.org'],
    ] as const) {
      const browser = await onAccountPage(reader);
      const response = await browser.post('/account', { name: 'Reader', email: wanted.toUpperCase(), current: 'a long passphrase' });
      assert.match(response.body, new RegExp(`We sent a link to ${wanted} to confirm your new email address`));
      answers.push({ status: response.statusCode, page: mainWithout(response, [reader, wanted]) });
      assert.match(mailTo(reader), /Subject: A new e-mail address was asked for your /, 'the present address is told');
      assert.match(mailTo(reader), new RegExp(`to ${wanted}\\.`));
      assert.ok(await accountAt(reader), 'the account keeps its address until the link is followed');
    }
    assert.deepEqual(answers[0], answers[1]);
    assert.equal(answers[0]?.status, 200);

    const notice = mailTo('occupied@example.org');
    assert.match(notice, /Subject: This address already has an account with /);
    assert.doesNotMatch(notice, /account\/email\/confirm/);
    assert.match(mailTo('vacant@example.org'), /Subject: Confirm your new e-mail address for /);
  });

  it('changes the address when the mailed link is followed, once, tells the old address, and keeps the reader signed in', async () => {
    const browser = await onAccountPage('moving@example.org');
    await browser.post('/account', { name: 'Reader', email: 'moved@example.org', current: 'a long passphrase' });
    const token = emailChangeToken('moved@example.org');
    const opened = await browser.get(`/account/email/confirm?token=${token}`);
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /<strong>moved@example.org<\/strong>/);
    assert.match(opened.body, /Confirm new address<\/button>/);
    assert.equal(
      (await browserFrom('mail-scanner').get(`/account/email/confirm?token=${token}`)).statusCode,
      200,
      'a mail scanner opening it does not use it up',
    );
    assert.ok(await accountAt('moving@example.org'), 'opening the link alone changes nothing');

    const confirmed = await browser.post('/account/email/confirm', { token });
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, '/account?changed=email');
    const page = await browser.get('/account?changed=email');
    assert.equal(page.statusCode, 200, 'still signed in');
    assert.match(page.body, /Your new email address is confirmed/);
    assert.match(page.body, /moved@example.org/);
    assert.equal(await accountAt('moving@example.org'), undefined);
    const told = mailTo('moving@example.org');
    assert.match(told, /Subject: The e-mail address of your .* account was changed/);
    assert.match(told, /is now moved@example.org/);

    const again = await browser.post('/account/email/confirm', { token });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /already been used/);
    await browser.post('/logout', {});
    await browser.get('/login');
    assert.equal((await browser.post('/login', { email: 'moved@example.org', password: 'a long passphrase' })).statusCode, 303);
  });

  it('confirms from a browser that is not signed in, and says which address to log in with', async () => {
    const browser = await onAccountPage('phone-reader@example.org');
    await browser.post('/account', { name: 'Reader', email: 'phone-reader.new@example.org', current: 'a long passphrase' });
    const token = emailChangeToken('phone-reader.new@example.org');
    const phone = browserFrom('phone');
    await phone.get(`/account/email/confirm?token=${token}`);
    const confirmed = await phone.post('/account/email/confirm', { token });
    assert.equal(confirmed.statusCode, 200);
    assert.match(confirmed.body, /Your email address is now phone-reader.new@example.org/);
    assert.ok(!phone.cookies.has(sessionCookieName), 'following the link signs no one in');
    assert.ok(await accountAt('phone-reader.new@example.org'));
  });

  it('refuses a link whose address was taken while it waited, and leaves the account as it was', async () => {
    const browser = await onAccountPage('slowpoke@example.org');
    await browser.post('/account', { name: 'Reader', email: 'contested@example.org', current: 'a long passphrase' });
    const token = emailChangeToken('contested@example.org');
    await registered('contested@example.org');
    await browser.get(`/account/email/confirm?token=${token}`);
    const late = await browser.post('/account/email/confirm', { token });
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /meanwhile been taken by another account, so your address was not changed/);
    assert.ok(await accountAt('slowpoke@example.org'));
  });

  it('refuses an expired or made-up link with a clear message', async () => {
    const browser = await onAccountPage('dawdler@example.org');
    await browser.post('/account', { name: 'Reader', email: 'dawdler.new@example.org', current: 'a long passphrase' });
    const token = emailChangeToken('dawdler.new@example.org');
    clock = new Date(clock.getTime() + 24 * 60 * 60 * 1000 + 60_000);
    const opened = await browserFrom('dawdler-later').get(`/account/email/confirm?token=${token}`);
    assert.equal(opened.statusCode, 400);
    assert.match(opened.body, /expired/);
    assert.doesNotMatch(opened.body, /name="token"/);
    const madeUp = await browserFrom('dawdler-later').get(`/account/email/confirm?token=${'x'.repeat(43)}`);
    assert.equal(madeUp.statusCode, 400);
    assert.match(madeUp.body, /not valid/);
    assert.ok(await accountAt('dawdler@example.org'));
  });

  it("keeps the confirmation link's token out of the request log", async () => {
    const lines: string[] = [];
    const config = loadConfig({ DATA_DIR: database.dataDir, NODE_ENV: 'test', PUBLIC_URL: 'https://news.example/' }, process.cwd());
    const logged = await buildApp({
      config,
      db: database.db,
      dialect: database.dialect,
      now: () => clock,
      logger: { level: 'info', stream: { write: (line) => void lines.push(line) } },
      resolver: offlineResolver,
      paymentProvider: choosePaymentProvider(config, database.db),
    });
    const secret = 'S3cretConfirmationToken_abcdefghijklmnopqrstu';
    await logged.inject({ url: `/account/email/confirm?token=${secret}` });
    await logged.close();
    assert.ok(lines.some((line) => line.includes('/account/email/confirm?token=[redacted]')));
    assert.ok(!lines.some((line) => line.includes(secret)));
  });
});

describe(`checking the current password (${database.dialect})`, () => {
  it('limits checks of the current password per account, as log-in does, for a new password and a new address alike', async () => {
    const browser = await registered('guessed@example.org');
    const statuses = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      // From a new client address each time: the limit is the account's, not one address's.
      const guesser = browserFrom(`guesser-${attempt}`);
      guesser.cookies.set(sessionCookieName, browser.cookies.get(sessionCookieName) ?? '');
      await guesser.get('/account');
      statuses.push((await guesser.post('/account/password', { current: `guess number ${attempt}`, password: 'a new passphrase' })).statusCode);
    }
    await browser.get('/account');
    const refused = await browser.post('/account/password', { current: 'a long passphrase', password: 'a new passphrase' });
    assert.deepEqual([...statuses, refused.statusCode], [400, 400, 400, 400, 400, 400, 400, 400, 429]);
    assert.match(refused.body, /Too many attempts. Please wait \d+ minutes? and try again/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    const moving = await browser.post('/account', { name: 'Reader', email: 'guessed.new@example.org', current: 'a long passphrase' });
    assert.equal(moving.statusCode, 429, 'the address change checks the same password under the same limit');
    assert.match(moving.body, /name="email" [^>]*value="guessed.new@example.org"/);
    assert.throws(() => mailTo('guessed.new@example.org'));
    assert.equal(
      (await browser.post('/account', { name: 'Still Renamed', email: 'guessed@example.org' })).statusCode,
      303,
      'a new name needs no password, so no limit',
    );
  });
});
