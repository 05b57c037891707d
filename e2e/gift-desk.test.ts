import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../src/db/database.ts';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { plantGiftSubscription } from '../test/gift-subscription-fixtures.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { registerByMail, setUpFirstAdministrator } from './people.ts';

const demo = useDemoSite();
const viewport = { width: 1280, height: 900 };
const premium = demoArticles.find((article) => article.access === 'premium');

async function shoot(page: Page, step: string) {
  await page.screenshot({ path: path.join(screenshots, `gift-desk-${step}-1280.png`), fullPage: true });
}

async function register(browser: Browser, email: string, name: string): Promise<Page> {
  const server = demo.server();
  const page = await (await browser.newContext({ viewport })).newPage();
  await registerByMail(page, server, { name: name, email });
  return page;
}

async function readsInFull(page: Page, article: { section: string; slug: string }): Promise<boolean> {
  await page.goto(`${demo.server().url}/${article.section}/${article.slug}`);
  return (await page.locator('.paywall').count()) === 0 && (await page.locator('.article-body__locked').count()) > 0;
}

describe('gift subscriptions in the newsroom', () => {
  it('an administrator prices gifts; the desk finds a reader on a gift, and revoking it ends their access at once', async () => {
    const server = demo.server();
    const browser = demo.browser();
    assert.ok(premium, 'the demo has a subscribers-only article');
    const admin = await (await browser.newContext({ viewport })).newPage();
    await setUpFirstAdministrator(admin, server);

    // A reader, and gifts in every state planted beside the running site: one the reader redeemed, one they bought.
    const reader = await register(browser, 'rosa.reader@example.org', 'Rosa Reader');
    const { db, close } = await openDatabase({ kind: 'sqlite', file: path.join(server.dataDir, 'dateline.sqlite') });
    const now = new Date();
    const plan = await db.selectFrom('plans').select('id').where('is_active', '=', 1).orderBy('id').executeTakeFirstOrThrow();
    const rosa = await db.selectFrom('accounts').select('id').where('email', '=', 'rosa.reader@example.org').executeTakeFirstOrThrow();
    const adminAccount = await db.selectFrom('accounts').select('id').where('email', '=', 'ada@courier.example').executeTakeFirstOrThrow();
    const gifted = { planId: plan.id, now, buyerName: 'Gus Giver', buyerEmail: 'gus@example.net' };
    await plantGiftSubscription(db, { ...gifted, state: 'awaiting-payment', recipientName: 'Ola Waiting', recipientEmail: 'ola@example.net' });
    await plantGiftSubscription(db, {
      ...gifted,
      state: 'revoked',
      revokedBy: adminAccount.id,
      recipientName: 'Pia Stolen',
      recipientEmail: 'pia@example.net',
    });
    await plantGiftSubscription(db, {
      ...gifted,
      state: 'delivered',
      months: 12,
      buyerName: 'Rosa Reader',
      buyerEmail: 'rosa.reader@example.org',
      buyerAccountId: rosa.id,
      recipientName: 'Tom Friend',
      recipientEmail: 'tom@example.net',
    });
    await plantGiftSubscription(db, {
      ...gifted,
      state: 'redeemed',
      redeemedBy: rosa.id,
      recipientName: 'Rosa Reader',
      recipientEmail: 'rosa.reader@example.org',
    });
    await close();

    // The settings: a wrong reminder is said beside its field; then saved.
    await admin.goto(`${server.url}/admin/offers`);
    await Promise.all([admin.waitForURL('**/admin/gift-subscriptions/settings'), admin.locator('a', { hasText: 'Gift prices & settings' }).click()]);
    await admin.selectOption('select[name="planId"]', String(plan.id));
    // The demo sells all three durations; this publication stops selling six months.
    await admin.fill('input[name="price3"]', '45');
    await admin.fill('input[name="price6"]', '');
    await admin.fill('input[name="price12"]', '150.00');
    await admin.fill('input[name="reminderDays"]', '90');
    await admin.locator('main form button[type="submit"]').click();
    await admin.locator('.field__error').first().waitFor();
    assert.match(await admin.locator('.field--invalid').innerText(), /The reminder goes from 1 to 60 days before the gift ends/);
    await shoot(admin, 'settings-refused');
    await admin.fill('input[name="reminderDays"]', '14');
    await Promise.all([admin.waitForURL('**/admin/gift-subscriptions/settings?saved=1'), admin.locator('main form button[type="submit"]').click()]);
    assert.match(await admin.locator('main').innerText(), /On sale now: 3 and 12 months\./);
    await shoot(admin, 'settings');

    assert.equal(await readsInFull(reader, premium), true, 'the redeemed gift reads in full');

    // The desk: every gift, then the readers on a gift.
    await admin.goto(`${server.url}/admin/readers`);
    await Promise.all([admin.waitForURL('**/admin/gift-subscriptions'), admin.locator('a', { hasText: 'Gift subscriptions' }).click()]);
    assert.equal(await admin.locator('table.table--gifts tbody tr').count(), 4);
    await shoot(admin, 'list');
    await admin.goto(`${server.url}/admin/readers`);
    await admin.selectOption('select[name="gift"]', 'recipient');
    await Promise.all([admin.waitForURL('**/admin/readers?*gift=recipient*'), admin.locator('form.filters button[type="submit"]').click()]);
    assert.equal(await admin.locator('table.table--readers tbody tr').count(), 1);
    await Promise.all([admin.waitForURL('**/admin/readers/*'), admin.locator('a.row-title', { hasText: 'Rosa Reader' }).click()]);
    const gifts = await admin.locator('section[aria-labelledby="gifts-title"]').innerText();
    assert.match(gifts, /3 months of .+ · from Gus Giver/);
    assert.match(gifts, /12 months of .+ for Tom Friend/);
    await shoot(admin, 'reader');

    // Revoking the gift she redeemed: a confirmation, a reason, and her access ends at once.
    await Promise.all([
      admin.waitForURL('**/admin/gift-subscriptions/*/revoke?reader=*'),
      admin.locator('section[aria-labelledby="gifts-title"] .grants').first().locator('a', { hasText: 'Revoke' }).click(),
    ]);
    assert.match(await admin.locator('main').innerText(), /Revoking it ends that access at once/);
    await shoot(admin, 'revoke');
    await admin.fill('input[name="reason"]', 'The payment was disputed');
    await Promise.all([admin.waitForURL('**/admin/readers/*?done=gift-revoked*'), admin.locator('main form button[type="submit"]').click()]);
    assert.match(await admin.locator('[role="status"]').innerText(), /The gift is revoked/);
    assert.match(await admin.locator('.timeline').innerText(), /Gift subscription of 3 months revoked: its access ended/);
    await shoot(admin, 'reader-revoked');
    assert.equal(await readsInFull(reader, premium), false, 'the revoked gift no longer reads in full');
  });
});
