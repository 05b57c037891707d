import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertAccount } from '../../accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import type { Role } from '../../accounts/account.ts';
import { staffSessionLifetimeMs } from '../../accounts/sessions.ts';
import { issueApiToken, readerDeviceIdleLifetimeMs } from '../../devices/api-tokens.ts';
import { buildTestApp } from '../../../test/app.ts';
import { describeIdleLifetime } from './device-view.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';

/** "Devices" on the account page: every app signed in to the account, each of which the reader can sign out. */
const now = new Date('2026-11-20T17:00:00Z');
let clock = now;
const database = await openTestDatabase();
const { db, dialect } = database;
await seedPublication(db, now);
const app = await buildTestApp(database, { now: () => clock });

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

async function readerWithDevices(devices: readonly string[], role: Role = 'reader') {
  const accountId = await insertAccount(db, {
    email: `devices-${Math.random().toString(36).slice(2)}@example.org`,
    name: 'Ana',
    passwordHash: null,
    role,
    now: clock,
  });
  const tokens = [];
  for (const deviceName of devices) tokens.push(await issueApiToken(db, { accountId, deviceName, now: clock }));
  const { token } = await openSession(db, accountId, clock);
  const browser = browserSession(app);
  browser.cookies.set(sessionCookieName, token);
  return { accountId, tokens, browser };
}

const me = (token: string) => app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

describe(`devices on the account page (${dialect})`, () => {
  it('lists each device with when it signed in and was last used', async () => {
    const { browser } = await readerWithDevices(["Ana's iPhone", 'Kitchen <tablet>']);
    const page = (await browser.get('/account')).body;
    assert.match(page, /<h2 class="account-section__title" id="account-devices-title">Devices<\/h2>/);
    assert.match(page, /Ana&#39;s iPhone/);
    assert.match(page, /Kitchen &lt;tablet&gt;/, 'a device name is text, escaped');
    assert.match(page, /Signed in November 20, 2026 at 12:00 PM/);
    assert.match(page, /Last used November 20, 2026 at 12:00 PM/);
  });

  it('says so when no app is signed in', async () => {
    const { browser } = await readerWithDevices([]);
    assert.match((await browser.get('/account')).body, /You are not signed in to our apps on any device/);
  });

  it("signs a device out with the form's token: its app is refused from then on, the others are not", async () => {
    const { tokens, browser } = await readerWithDevices(['Phone', 'Tablet']);
    const [phone, tablet] = tokens;
    assert.ok(phone && tablet);
    await browser.get('/account');
    const refused = await browser.post(`/account/devices/${phone.tokenId}/revoke`, {}, { withCsrf: false });
    assert.equal(refused.statusCode, 403);
    assert.equal((await me(phone.token)).statusCode, 200);

    const revoked = await browser.post(`/account/devices/${phone.tokenId}/revoke`, {});
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/account?changed=device-revoked');
    assert.equal((await me(phone.token)).statusCode, 401);
    assert.equal((await me(tablet.token)).statusCode, 200);
    const page = (await browser.get('/account?changed=device-revoked')).body;
    assert.match(page, /That device is signed out/);
    assert.ok(!page.includes('>Phone<'));
    assert.ok(page.includes('>Tablet<'));
  });

  it('signs every device out when the reader sets a new password, as it logs out their other browsers', async () => {
    const { tokens, browser } = await readerWithDevices(['Phone', 'Tablet']);
    await browser.get('/account');
    const changed = await browser.post('/account/password', { current: '', password: 'a brand new passphrase' });
    assert.equal(changed.headers.location, '/account?changed=password');
    for (const { token } of tokens) assert.equal((await me(token)).statusCode, 401);
    assert.match((await browser.get('/account')).body, /You are not signed in to our apps on any device/);
  });

  it("cannot sign out another reader's device", async () => {
    const owner = await readerWithDevices(['Owner phone']);
    const [device] = owner.tokens;
    assert.ok(device);
    const other = await readerWithDevices([]);
    await other.browser.get('/account');
    assert.equal((await other.browser.post(`/account/devices/${device.tokenId}/revoke`, {})).statusCode, 303);
    assert.equal((await me(device.token)).statusCode, 200);
  });

  it('sends a visitor who is not signed in to log in', async () => {
    const visitor = browserSession(app);
    await visitor.get('/login');
    const response = await visitor.post('/account/devices/1/revoke', {});
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/login?next=%2Faccount');
  });

  it("signs out a reader's device its app has not used for 90 days, with the API's own 401", async () => {
    clock = now;
    const { accountId, tokens } = await readerWithDevices(['Phone']);
    const [phone] = tokens;
    assert.ok(phone);
    clock = new Date(now.getTime() + readerDeviceIdleLifetimeMs - minute);
    assert.equal((await me(phone.token)).statusCode, 200, 'used just in time, so it stays signed in');
    clock = new Date(clock.getTime() + readerDeviceIdleLifetimeMs - minute);
    assert.equal((await me(phone.token)).statusCode, 200, 'the idle time counts from the last use, not from signing in');
    clock = new Date(clock.getTime() + readerDeviceIdleLifetimeMs);
    const expired = await me(phone.token);
    assert.equal(expired.statusCode, 401);
    assert.deepEqual(expired.json(), { error: { code: 'unauthorized', message: 'This needs a valid token: sign in again to get one.' } });
    const browser = browserSession(app);
    browser.cookies.set(sessionCookieName, (await openSession(db, accountId, clock)).token);
    assert.match((await browser.get('/account')).body, /You are not signed in to our apps on any device/, 'the page no longer lists it');
  });

  it('gives a staff device 12 hours unused, as long as a staff session lasts', async () => {
    clock = now;
    const { tokens } = await readerWithDevices(['Newsroom laptop'], 'editor');
    const [laptop] = tokens;
    assert.ok(laptop);
    clock = new Date(now.getTime() + staffSessionLifetimeMs - minute);
    assert.equal((await me(laptop.token)).statusCode, 200);
    clock = new Date(clock.getTime() + staffSessionLifetimeMs);
    assert.equal((await me(laptop.token)).statusCode, 401);
  });

  it('names the idle limit in the largest whole unit', () => {
    assert.deepEqual([readerDeviceIdleLifetimeMs, staffSessionLifetimeMs, day, hour].map(describeIdleLifetime), ['90 days', '12 hours', '1 day', '1 hour']);
  });

  it("notes a use at most once a minute, and shows the last one in the publication's time zone", async () => {
    clock = now;
    const { tokens, browser } = await readerWithDevices(['Phone']);
    const [phone] = tokens;
    assert.ok(phone);
    const lastUsed = async () =>
      (await db.selectFrom('api_tokens').select('last_used_at').where('id', '=', phone.tokenId).executeTakeFirstOrThrow()).last_used_at;
    clock = new Date(now.getTime() + 30_000);
    await me(phone.token);
    assert.equal(await lastUsed(), now.toISOString(), 'a read within the minute writes nothing');
    clock = new Date(now.getTime() + 3 * day + 2 * hour);
    await me(phone.token);
    assert.equal(await lastUsed(), clock.toISOString());
    const page = (await browser.get('/account')).body;
    assert.match(page, /Signed in November 20, 2026 at 12:00 PM/);
    assert.match(page, /Last used November 23, 2026 at 2:00 PM/);
    assert.match(page, /A device whose app goes unused for 90 days is signed out by itself/);
  });
});
