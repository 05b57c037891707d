import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { plantGiftSubscription } from '../../../test/gift-subscription-fixtures.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import type { Role } from '../../accounts/account.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { findGiftSubscription, findLiveGiftAccess } from '../../gift-subscriptions/gift-subscription-repository.ts';
import { readGiftSubscriptionSettings } from '../../gift-subscriptions/gift-subscription-settings.ts';
import { listAudit } from '../../newsroom/audit-log.ts';

const now = new Date('2026-12-03T15:00:00Z');
const later = new Date('2026-12-10T15:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
await seedPublication(db, new Date(now.getTime() - 30 * 86_400_000));
await seedCatalogue(db, now);
const app = await buildTestApp(database, { now: () => later });
const digital = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const trial = await db.selectFrom('offers').select('id').where('slug', '=', 'trial').executeTakeFirstOrThrow();

let counter = 0;
async function account(role: Role, { email, name = '' }: { email?: string; name?: string } = {}) {
  counter += 1;
  return insertAccount(db, { email: email ?? `${role}${counter}@example.org`, name, passwordHash: null, role, now });
}

async function browserAs(role: Role) {
  const accountId = await account(role, { name: `A ${role}` });
  const browser = browserSession(app);
  const { token } = await openSession(db, accountId, now);
  browser.cookies.set(sessionCookieName, token);
  return { browser, accountId };
}

const giftSettings = { planId: String(digital.id), price3: '45', price6: '', price12: '150.00', reminderDays: '10', continuationOfferId: String(trial.id) };

describe(`the newsroom's gift subscription settings (${dialect})`, () => {
  it('lets an administrator set the plan, the prices, the reminder and the continuation offer, audited', async () => {
    const { browser } = await browserAs('admin');
    const page = await browser.get('/admin/gift-subscriptions/settings');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Gifts are not on sale: no plan is chosen\./);
    const saved = await browser.post('/admin/gift-subscriptions/settings', giftSettings);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/admin/gift-subscriptions/settings?saved=1');
    assert.deepEqual(await readGiftSubscriptionSettings(db), {
      planId: digital.id,
      pricesMinor: { 3: 4500, 6: null, 12: 15000 },
      reminderDays: 10,
      continuationOfferId: trial.id,
    });
    const shown = await browser.get('/admin/gift-subscriptions/settings?saved=1');
    assert.match(shown.body, /On sale now: 3 and 12 months\./);
    assert.match(shown.body, /name="price3" value="45\.00"/);
    const [audit] = await listAudit(db, 1);
    assert.equal(audit?.action, 'set gift subscriptions');
    assert.equal(
      audit?.detail,
      'Plan: Digital; 3 months 45.00 USD, 6 months not on sale, 12 months 150.00 USD; reminder 10 days before the end; continues with Two weeks free',
    );
  });

  it('comes back with what was typed and, beside each wrong field, what is wrong; nothing saved', async () => {
    const { browser } = await browserAs('admin');
    await browser.get('/admin/gift-subscriptions/settings');
    const before = await readGiftSubscriptionSettings(db);
    const refused = await browser.post('/admin/gift-subscriptions/settings', { ...giftSettings, price6: 'cheap', reminderDays: '90' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /id="gift-price-6-error"><span class="visually-hidden">Error: <\/span>Give the price of 6 months as an amount/);
    assert.match(refused.body, /id="gift-reminder-days-error">.*The reminder goes from 1 to 60 days/);
    assert.match(refused.body, /name="price6" value="cheap"/);
    assert.doesNotMatch(refused.body, /gift-price-3-error/);
    assert.deepEqual(await readGiftSubscriptionSettings(db), before);
  });

  it('is for administrators: the desk, editors and readers are refused', async () => {
    for (const role of ['support', 'editor', 'reader'] as const) {
      const { browser } = await browserAs(role);
      const response = await browser.get('/admin/gift-subscriptions/settings');
      assert.ok([403, 404, 303].includes(response.statusCode), `${role}: ${response.statusCode}`);
      assert.notEqual(response.statusCode, 200);
    }
  });
});

describe(`the newsroom's gift subscriptions and the desk (${dialect})`, () => {
  it('lists gifts with state, buyer, recipient, plan, price and access; filters by state and finds by address', async () => {
    const olu = await account('reader', { email: 'olu.list@example.net', name: 'Olu List' });
    await plantGiftSubscription(db, {
      planId: digital.id,
      now,
      state: 'redeemed',
      redeemedBy: olu,
      recipientName: 'Olu List',
      recipientEmail: 'olu.list@example.net',
    });
    await plantGiftSubscription(db, { planId: digital.id, now, state: 'awaiting-payment', buyerEmail: 'unpaid.buyer@example.org', buyerName: 'Una Paid' });
    const { browser } = await browserAs('support');
    const all = await browser.get('/admin/gift-subscriptions');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /badge--gift-redeemed">Redeemed/);
    assert.match(all.body, /3 months of Digital/);
    assert.match(all.body, /\$45/);
    assert.match(all.body, new RegExp(`href="/admin/readers/${olu}">Olu List`));
    const redeemed = await browser.get('/admin/gift-subscriptions?state=redeemed&q=');
    assert.doesNotMatch(redeemed.body, /Una Paid/);
    const found = await browser.get('/admin/gift-subscriptions?q=unpaid.buyer');
    assert.match(found.body, /Una Paid/);
    assert.doesNotMatch(found.body, /Olu List/);
    assert.equal((await browser.get('/admin/gift-subscriptions?state=lost')).statusCode, 400);
  });

  it("revokes a redeemed gift from the reader's page: confirmation, a reason, access ended at once, audited and on the timeline", async () => {
    const reader = await account('reader', { email: 'rhea@example.net', name: 'Rhea Reader' });
    const giftId = await plantGiftSubscription(db, { planId: digital.id, now, state: 'redeemed', redeemedBy: reader, buyerName: 'Gus Giver' });
    const { browser, accountId: deskId } = await browserAs('support');

    const page = await browser.get(`/admin/readers/${reader}`);
    assert.match(page.body, /id="gifts-title">Gift subscriptions/);
    assert.match(page.body, /3 months of Digital<\/strong> · from Gus Giver/);
    assert.match(page.body, /<dt>Gift subscription<\/dt><dd>Reads in full until Mar 3, 2027<\/dd>/);
    assert.match(page.body, /Redeemed a gift subscription of 3 months from Gus Giver/);
    const revokeUrl = `/admin/gift-subscriptions/${giftId}/revoke?reader=${reader}`;
    assert.ok(page.body.includes(`href="${revokeUrl}"`));

    const confirmation = await browser.get(revokeUrl);
    assert.equal(confirmation.statusCode, 200);
    assert.match(confirmation.body, /Revoking it ends that access at once/);
    assert.match(confirmation.body, new RegExp(`name="reader" value="${reader}"`));

    const withoutReason = await browser.post(`/admin/gift-subscriptions/${giftId}/revoke`, { reason: '', reader: String(reader) });
    assert.equal(withoutReason.statusCode, 400);
    assert.match(withoutReason.body, /Say why, in a few words/);
    assert.ok(await findLiveGiftAccess(db, reader, later));

    const revoked = await browser.post(`/admin/gift-subscriptions/${giftId}/revoke`, { reason: 'Paid with a stolen card', reader: String(reader) });
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, `/admin/readers/${reader}?done=gift-revoked#gifts-title`);
    assert.equal(await findLiveGiftAccess(db, reader, later), undefined);
    assert.equal((await findGiftSubscription(db, giftId))?.revokeReason, 'Paid with a stolen card');
    const [audit] = await listAudit(db, 1);
    assert.equal(audit?.account_id, deskId);
    assert.equal(audit?.subject, `gift subscription #${giftId}`);

    const after = await browser.get(`/admin/readers/${reader}?done=gift-revoked`);
    assert.match(after.body, /The gift is revoked/);
    assert.match(after.body, /Gift subscription of 3 months revoked: its access ended/);
    assert.match(after.body, /Reason: Paid with a stolen card/);
    assert.ok(!after.body.includes(`href="${revokeUrl}"`));
    assert.doesNotMatch(after.body, /Reads in full until/);

    await browser.get(`/admin/gift-subscriptions/${giftId}/revoke`);
    const again = await browser.post(`/admin/gift-subscriptions/${giftId}/revoke`, { reason: 'Once more' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already revoked/);
  });

  it('revokes from the list, going back to it; an unknown gift is not found', async () => {
    const giftId = await plantGiftSubscription(db, { planId: digital.id, now, state: 'paid', recipientEmail: 'from.list@example.org' });
    const { browser } = await browserAs('admin');
    await browser.get(`/admin/gift-subscriptions/${giftId}/revoke`);
    const revoked = await browser.post(`/admin/gift-subscriptions/${giftId}/revoke`, { reason: 'Bought twice by mistake' });
    assert.equal(revoked.headers.location, '/admin/gift-subscriptions?done=revoked');
    assert.match((await browser.get('/admin/gift-subscriptions?done=revoked&q=from.list')).body, /badge--gift-revoked">Revoked/);
    assert.equal((await browser.get('/admin/gift-subscriptions/999999/revoke')).statusCode, 404);
  });

  it('shows on the reader’s page the gifts they bought, and refuses a revocation without the form’s token', async () => {
    const buyer = await account('reader', { email: 'bea.buyer@example.org', name: 'Bea Buyer' });
    const giftId = await plantGiftSubscription(db, {
      planId: digital.id,
      now,
      state: 'delivered',
      buyerAccountId: buyer,
      buyerEmail: 'bea.buyer@example.org',
      recipientName: 'Cal Friend',
    });
    const { browser } = await browserAs('support');
    const page = await browser.get(`/admin/readers/${buyer}`);
    assert.match(page.body, /<h3 class="reader-subhead">Bought<\/h3>/);
    assert.match(page.body, /3 months of Digital<\/strong> for Cal Friend · \$45/);
    const forged = await browser.post(`/admin/gift-subscriptions/${giftId}/revoke`, { reason: 'Forged' }, { withCsrf: false });
    assert.equal(forged.statusCode, 403);
    assert.equal((await findGiftSubscription(db, giftId))?.revokedAt, null);
  });

  it('keeps gifts from editors and readers', async () => {
    const giftId = await plantGiftSubscription(db, { planId: digital.id, now, state: 'paid' });
    for (const role of ['editor', 'reader'] as const) {
      const { browser } = await browserAs(role);
      for (const url of ['/admin/gift-subscriptions', `/admin/gift-subscriptions/${giftId}/revoke`]) {
        assert.notEqual((await browser.get(url)).statusCode, 200, `${role} ${url}`);
      }
    }
  });

  it("finds the readers on a gift in the desk's list and its export", async () => {
    const onGift = await account('reader', { email: 'gifted.reader@example.net', name: 'Gia Gifted' });
    const ended = await account('reader', { email: 'gift.ended@example.net', name: 'Ned Ended' });
    await plantGiftSubscription(db, { planId: digital.id, now, state: 'redeemed', redeemedBy: onGift });
    await plantGiftSubscription(db, { planId: digital.id, now: new Date(now.getTime() - 200 * 86_400_000), state: 'redeemed', redeemedBy: ended });
    const { browser } = await browserAs('support');
    const list = await browser.get('/admin/readers?q=gi&gift=recipient');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Gia Gifted/);
    assert.match(list.body, /<option value="recipient" selected>Reading on a gift<\/option>/);
    assert.doesNotMatch((await browser.get('/admin/readers?q=gift.ended&gift=recipient')).body, /Ned Ended/);
    assert.match(list.body, /href="\/admin\/readers\/export\.csv\?q=gi&amp;gift=recipient"/);
    const csv = await browser.get('/admin/readers/export.csv?gift=recipient');
    assert.match(csv.body, /gifted\.reader@example\.net/);
    assert.doesNotMatch(csv.body, /gift\.ended@example\.net/);
  });
});
