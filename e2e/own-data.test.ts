import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { fillTestCard, registerByMail } from './people.ts';

const metered = demoArticles.find((article) => article.access === 'metered');

const demo = useDemoSite();

describe("a reader's own data", () => {
  it('downloads everything held about them, then deletes the account through the mailed link', async () => {
    assert.ok(metered);
    const site = demo.server().url;
    const email = 'leaving@example.org';
    const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();

    // A subscriber, the way a reader becomes one: register, read a metered article, pay in test mode.
    await registerByMail(page, demo.server(), { name: 'Lea Leaving', email, next: '/offers' });
    await page.goto(`${site}/${metered.section}/${metered.slug}`);
    await page.goto(`${site}/offers`);
    await Promise.all([
      page.waitForURL('**/checkout/test/**'),
      page.locator('form[action="/checkout"]:has(input[name="offer"][value="three-months-for-nine"]) button[type="submit"]').click(),
    ]);
    await fillTestCard(page);
    await Promise.all([page.waitForURL('**/account**'), page.locator('main form button[type="submit"]').last().click()]);

    // "Download my data": a JSON file of the account, its subscription, the meter and the rest.
    await page.goto(`${site}/account`);
    const section = page.locator('.account-section--own-data');
    await section.screenshot({ path: path.join(screenshots, 'own-data-section-1280.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: 'Download my data' }).click()]);
    assert.match(download.suggestedFilename(), /-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(data.account.email, email);
    assert.equal(data.account.name, 'Lea Leaving');
    assert.equal(data.subscriptions.length, 1);
    assert.equal(data.subscriptions[0].status, 'active');
    assert.deepEqual(
      data.meter.map((read: { article: { path: string } }) => read.article.path),
      [`/${metered.section}/${metered.slug}`],
    );
    assert.ok(Array.isArray(data.gifts));
    assert.ok(Array.isArray(data.events) && Array.isArray(data.mails) && Array.isArray(data.payments));

    // "Delete my account": nothing happens until the mailed link is followed and its button pressed.
    await section.getByRole('button', { name: 'Delete my account' }).click();
    await page.locator('main', { hasText: `We sent a link to ${email}` }).waitFor();
    await page.goto(`${site}/account`);
    assert.equal(await page.locator('.account-summary__email').innerText(), email);

    await page.goto(mailedLink(lastMailTo(demo.server().dataDir, email), '/account/delete/confirm').href);
    assert.match(await page.locator('main').innerText(), /your subscription ends now/i);
    await page.screenshot({ path: path.join(screenshots, 'delete-account-confirm-1280.png') });
    await page.locator('main form button[type="submit"]').click();
    await page.locator('h1', { hasText: 'Your account is deleted' }).waitFor();
    assert.match(lastMailTo(demo.server().dataDir, email), /account is deleted/);

    // The account is gone: the browser is signed out, and its password opens nothing.
    await page.goto(`${site}/account`);
    assert.match(new URL(page.url()).pathname, /^\/login/);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'a long enough passphrase');
    await page.locator('main form button[type="submit"]').last().click();
    assert.match(await page.locator('main').innerText(), /do not match an account/);
    await context.close();
  });
});
