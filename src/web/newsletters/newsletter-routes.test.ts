import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertNewsletter } from '../../../test/newsletter-list-fixtures.ts';
import { lastMailTo, mailedLink } from '../../../test/outbox.ts';
import { registerReader } from '../../accounts/register.ts';
import { sessionCookieName } from '../../accounts/sessions.ts';
import { loadConfig } from '../../config/config.ts';
import { findReaderSubscriptions } from '../../newsletters/newsletter-repository.ts';
import { derivePreferencesLinkKey, signPreferencesToken, signUnsubscribeToken } from '../../newsletters/preferences-link.ts';
import { subscribe } from '../../newsletters/subscriptions.ts';

let clock = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db } = database;
await seedPublication(db, clock);
const morning = await insertNewsletter(db, { slug: 'morning', name: 'The Morning Edition' });
const sunday = await insertNewsletter(db, { slug: 'sunday', name: 'Sunday Reading' });
const members = await insertNewsletter(db, { slug: 'members', name: 'Members Only', audience: 'subscribers' });
const app = await buildTestApp(database, { now: () => clock, env: { TRUST_PROXY: 'true' } });
// The app's secret is made once and kept in the data folder; the test reads it as the app did, to sign links as a message would.
const key = derivePreferencesLinkKey(loadConfig({ DATA_DIR: database.dataDir, NODE_ENV: 'test', PUBLIC_URL: 'https://news.example/' }, process.cwd()).secret);

const browserFrom = (client: string) => browserSession(app, { 'x-forwarded-for': client });
const confirmLink = (address: string) => mailedLink(lastMailTo(database.dataDir, address), '/newsletters/confirm');
const accountAt = (email: string) => db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
const subscriptionsOf = async (email: string) => {
  const account = await accountAt(email);
  assert.ok(account, `${email} has an account`);
  return (await findReaderSubscriptions(db, account.id)).filter(({ isSubscribed }) => isSubscribed).map(({ newsletterName }) => newsletterName);
};

/** Signs up on the form, as a visitor ticks one newsletter. */
async function signUp(browser: ReturnType<typeof browserFrom>, email: string, newsletter = morning) {
  await browser.get(`/newsletters?email=${encodeURIComponent(email)}`);
  return browser.post('/newsletters', { email, newsletter: String(newsletter) });
}

describe(`newsletter sign-up with double opt-in (${database.dialect})`, () => {
  it('lists the newsletters anyone may join, with the address the compact form typed in', async () => {
    const page = await browserFrom('10.0.0.1').get('/newsletters?email=reader%40example.com');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The Morning Edition/);
    assert.match(page.body, /Sunday Reading/);
    assert.doesNotMatch(page.body, /Members Only/);
    assert.match(page.body, /value="reader@example.com"/);
  });

  it('mails a link, subscribes nobody until it is confirmed, then makes a password-less reader and signs them in', async () => {
    const browser = browserFrom('10.0.0.2');
    const sent = await signUp(browser, 'new@example.com');
    assert.equal(sent.statusCode, 200);
    assert.match(sent.body, /Check your email/);
    assert.equal(await accountAt('new@example.com'), undefined);
    const mail = lastMailTo(database.dataDir, 'new@example.com');
    assert.match(mail, /The Morning Edition/);
    assert.match(mail, /48 hours/);

    const link = confirmLink('new@example.com');
    const confirmPage = await browser.get(`${link.pathname}${link.search}`);
    assert.equal(confirmPage.statusCode, 200);
    assert.equal(await accountAt('new@example.com'), undefined, 'opening the link alone changes nothing');

    const confirmed = await browser.post('/newsletters/confirm', { token: link.searchParams.get('token') ?? '' });
    assert.equal(confirmed.statusCode, 303);
    assert.match(confirmed.headers.location ?? '', /^\/newsletters\/preferences\?token=p1\./);
    assert.ok(browser.cookies.has(sessionCookieName), 'a new reader is signed in');
    const account = await accountAt('new@example.com');
    assert.deepEqual({ source: account?.source, password: account?.password_hash }, { source: 'newsletter', password: null });
    assert.deepEqual(await subscriptionsOf('new@example.com'), ['The Morning Edition']);

    const preferences = await browser.get(confirmed.headers.location ?? '');
    assert.equal(preferences.statusCode, 200);
    assert.match(preferences.body, /your newsletters are confirmed/);
    assert.match(preferences.body, /value="[0-9]+" checked/);
  });

  it('subscribes an address that has an account without signing anyone in', async () => {
    await registerReader(db, { email: 'known@example.com', name: 'Known', password: 'a long passphrase' }, clock);
    const browser = browserFrom('10.0.0.3');
    await signUp(browser, 'known@example.com', sunday);
    const link = confirmLink('known@example.com');
    await browser.get(`${link.pathname}${link.search}`);
    const confirmed = await browser.post('/newsletters/confirm', { token: link.searchParams.get('token') ?? '' });
    assert.equal(confirmed.statusCode, 303);
    assert.ok(!browser.cookies.has(sessionCookieName));
    assert.deepEqual(await subscriptionsOf('known@example.com'), ['Sunday Reading']);
  });

  it('refuses a used link kindly, with the form to ask again', async () => {
    const browser = browserFrom('10.0.0.4');
    await signUp(browser, 'twice@example.com');
    const link = confirmLink('twice@example.com');
    await browser.get(`${link.pathname}${link.search}`);
    await browser.post('/newsletters/confirm', { token: link.searchParams.get('token') ?? '' });
    const again = await browserFrom('10.0.0.4').get(`${link.pathname}${link.search}`);
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /already been used/);
    assert.match(again.body, /name="email"/);
  });

  it('keeps what was typed when the form is refused, and says what is wrong', async () => {
    const browser = browserFrom('10.0.0.5');
    await browser.get('/newsletters');
    const noChoice = await browser.post('/newsletters', { email: 'typed@example.com' });
    assert.equal(noChoice.statusCode, 400);
    assert.match(noChoice.body, /Choose at least one newsletter/);
    assert.match(noChoice.body, /value="typed@example.com"/);
    const badAddress = await browser.post('/newsletters', { email: 'typed at example', newsletter: String(sunday) });
    assert.equal(badAddress.statusCode, 400);
    assert.match(badAddress.body, /Enter your e-mail address/);
    assert.match(badAddress.body, new RegExp(`value="${sunday}" checked`));
  });

  it('refuses a subscribers-only newsletter on the open form, whatever the form says', async () => {
    const browser = browserFrom('10.0.0.6');
    await browser.get('/newsletters');
    const refused = await browser.post('/newsletters', { email: 'sneaky@example.com', newsletter: String(members) });
    assert.equal(refused.statusCode, 400);
  });

  it('limits how often one address is mailed', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await signUp(browserFrom(`10.0.1.${attempt}`), 'limited@example.com')).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });

  it('needs the form token', async () => {
    const refused = await browserFrom('10.0.0.7').post('/newsletters', { email: 'x@example.com', newsletter: String(morning) }, { withCsrf: false });
    assert.equal(refused.statusCode, 403);
  });
});

describe(`the session-less preference centre and one-click unsubscribe (${database.dialect})`, () => {
  it('changes choices from a preferences link, keeping the consent record', async () => {
    const reader = await registerReader(db, { email: 'prefs@example.com', name: 'Prefs', password: 'a long passphrase' }, clock);
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'registration', now: clock });
    const token = signPreferencesToken({ accountId: reader.id }, key);
    const browser = browserFrom('10.0.2.1');
    const page = await browser.get(`/newsletters/preferences?token=${token}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Members Only/, 'a registered reader is not offered a subscribers-only newsletter');
    clock = new Date(clock.getTime() + 60_000);
    const saved = await browser.post(`/newsletters/preferences?token=${token}`, { newsletter: String(sunday) });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await subscriptionsOf('prefs@example.com'), ['Sunday Reading']);
    const record = await findReaderSubscriptions(db, reader.id);
    assert.deepEqual(
      record.map(({ newsletterName, consentSource, unsubscribeSource }) => ({ newsletterName, consentSource, unsubscribeSource })),
      [
        { newsletterName: 'The Morning Edition', consentSource: 'registration', unsubscribeSource: 'preferences' },
        { newsletterName: 'Sunday Reading', consentSource: 'account', unsubscribeSource: null },
      ],
    );
    assert.ok(!browser.cookies.has(sessionCookieName), 'the link signs no one in');
  });

  it('refuses a forged preferences link', async () => {
    const page = await browserFrom('10.0.2.2').get('/newsletters/preferences?token=p1.1.AAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /not valid/);
  });

  it('asks before unsubscribing on GET, and unsubscribes on the one-click POST with no session and no form token', async () => {
    const reader = await registerReader(db, { email: 'leaving@example.com', name: 'Leaving', password: 'a long passphrase' }, clock);
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning, sunday], source: 'account', now: clock });
    const token = signUnsubscribeToken({ accountId: reader.id, newsletterId: morning }, key);
    const asked = await app.inject({ method: 'GET', url: `/newsletters/unsubscribe?token=${token}` });
    assert.equal(asked.statusCode, 200);
    assert.match(asked.body, /Stop getting/);
    assert.deepEqual(await subscriptionsOf('leaving@example.com'), ['The Morning Edition', 'Sunday Reading']);

    const oneClick = await app.inject({
      method: 'POST',
      url: `/newsletters/unsubscribe?token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(oneClick.statusCode, 200);
    assert.equal(oneClick.headers['set-cookie'], undefined);
    assert.match(oneClick.body, /You are unsubscribed/);
    assert.deepEqual(await subscriptionsOf('leaving@example.com'), ['Sunday Reading']);
    const [left] = await findReaderSubscriptions(db, reader.id);
    assert.equal(left?.unsubscribeSource, 'one-click');
  });

  it('takes the one-click POST as multipart too, as some mail clients send it', async () => {
    const reader = await registerReader(db, { email: 'multipart@example.com', name: 'M', password: 'a long passphrase' }, clock);
    await subscribe(db, { accountId: reader.id, newsletterIds: [sunday], source: 'account', now: clock });
    const token = signUnsubscribeToken({ accountId: reader.id, newsletterId: sunday }, key);
    const boundary = 'x-boundary';
    const oneClick = await app.inject({
      method: 'POST',
      url: `/newsletters/unsubscribe?token=${token}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    assert.equal(oneClick.statusCode, 200);
    assert.deepEqual(await subscriptionsOf('multipart@example.com'), []);
  });

  it('refuses a forged unsubscribe token and changes nothing', async () => {
    const reader = await registerReader(db, { email: 'stays@example.com', name: 'S', password: 'a long passphrase' }, clock);
    await subscribe(db, { accountId: reader.id, newsletterIds: [morning], source: 'account', now: clock });
    const forged = signUnsubscribeToken({ accountId: reader.id, newsletterId: morning }, derivePreferencesLinkKey('another secret'));
    const refused = await app.inject({ method: 'POST', url: `/newsletters/unsubscribe?token=${forged}`, payload: '' });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(await subscriptionsOf('stays@example.com'), ['The Morning Edition']);
  });
});

describe(`the preference centre on the account page (${database.dialect})`, () => {
  it('shows the choices and saves them behind the session and the form token', async () => {
    const browser = browserFrom('10.0.3.1');
    await registerReader(db, { email: 'account@example.com', name: 'A', password: 'a long passphrase' }, clock);
    await browser.get('/login');
    await browser.post('/login', { email: 'account@example.com', password: 'a long passphrase' });
    const page = await browser.get('/account');
    assert.match(page.body, /id="account-newsletters-title"/);
    assert.match(page.body, /The Morning Edition/);
    const saved = await browser.post('/account/newsletters', { newsletter: String(morning) });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/account?changed=newsletters#account-newsletters-title');
    assert.deepEqual(await subscriptionsOf('account@example.com'), ['The Morning Edition']);
    const [subscription] = await findReaderSubscriptions(db, (await accountAt('account@example.com'))?.id ?? 0);
    assert.equal(subscription?.consentSource, 'account');
  });

  it('sends a visitor without a session to log in', async () => {
    const browser = browserFrom('10.0.3.2');
    await browser.get('/newsletters');
    const refused = await browser.post('/account/newsletters', { newsletter: String(morning) });
    assert.equal(refused.statusCode, 303);
    assert.match(refused.headers.location ?? '', /^\/login/);
  });
});

describe(`choosing newsletters while registering (${database.dialect})`, () => {
  it('offers the newsletters a registered reader may join, and subscribes the ticked ones once the link is followed', async () => {
    const browser = browserFrom('10.0.4.1');
    const form = await browser.get('/register');
    assert.match(form.body, /The Morning Edition/);
    assert.doesNotMatch(form.body, /Members Only/);
    const asked = await browser.post('/register', { name: 'Reg', email: 'registering@example.com', password: 'a long passphrase', newsletter: String(sunday) });
    assert.equal(asked.statusCode, 200);
    assert.equal(await accountAt('registering@example.com'), undefined);
    const link = mailedLink(lastMailTo(database.dataDir, 'registering@example.com'), '/register/confirm');
    await browser.get(`${link.pathname}${link.search}`);
    assert.equal((await browser.post('/register/confirm', { token: link.searchParams.get('token') ?? '' })).statusCode, 303);
    assert.deepEqual(await subscriptionsOf('registering@example.com'), ['Sunday Reading']);
    const account = await accountAt('registering@example.com');
    const [subscription] = await findReaderSubscriptions(db, account?.id ?? 0);
    assert.equal(subscription?.consentSource, 'registration');
  });

  it('keeps the ticks when the form is refused', async () => {
    const browser = browserFrom('10.0.4.2');
    await browser.get('/register');
    const refused = await browser.post('/register', { name: 'Reg', email: 'short@example.com', password: 'short', newsletter: String(morning) });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, new RegExp(`value="${morning}" checked`));
  });
});
