import assert from 'node:assert/strict';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { lastMailTo } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { fillTestCard, registerByMail } from './people.ts';

// The server's own job loop renews, fails and retries: every second, so the test waits seconds, not minutes.
const demo = useDemoSite({ JOB_INTERVAL_SECONDS: '1' });
const email = 'failing@example.org';
const banner = (page: Page) => page.locator('.payment-banner');

/** Reloads the page until the banner is shown or gone, as the job loop's next pass and the identity cache's second allow. */
async function waitForBanner(page: Page, url: string, isShown: boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(url);
    if ((await banner(page).count()) === (isShown ? 1 : 0)) return;
    if (Date.now() > deadline) throw new Error(`the banner is still ${isShown ? 'missing' : 'shown'} on ${url}`);
    await page.waitForTimeout(500);
  }
}

describe('dunning in a browser', () => {
  it('shows a reader whose renewal failed the banner on every page, and takes it away once a working card has paid', async () => {
    const { url, dataDir } = demo.server();
    const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // A subscriber, through the site: register, pay the introductory offer with a card that pays.
    await registerByMail(page, { url, dataDir }, { email, next: '/offers' });
    await page.goto(`${url}/offers`);
    await Promise.all([
      page.waitForURL('**/checkout/test/**'),
      page.locator('form[action="/checkout"]:has(input[name="offer"][value="three-months-for-nine"]) button[type="submit"]').click(),
    ]);
    await fillTestCard(page, '4242 4242 4242 4242');
    await Promise.all([
      page.waitForURL((address) => !address.pathname.startsWith('/checkout/test')),
      page.locator('main form button[type="submit"]').last().click(),
    ]);
    await page.goto(url);
    assert.equal(await banner(page).count(), 0, 'no banner while payments go through');

    // The card on file starts to decline (Stripe's test card that is kept but declines its charges)…
    await page.goto(`${url}/account/card`);
    await fillTestCard(page, '4000 0000 0000 0341');
    await Promise.all([page.waitForURL('**/account/card?saved=1'), page.locator('main form button[type="submit"]').last().click()]);
    // …and a month passes: the renewal is due, and the job loop charges it.
    const database = new DatabaseSync(path.join(dataDir, 'dateline.sqlite'));
    database.prepare("update subscriptions set current_period_end = ? where status = 'active'").run(new Date(Date.now() - 60_000).toISOString());
    database.close();

    await waitForBanner(page, url, true);
    assert.equal((await banner(page).innerText()).trim(), 'Your last payment failed — update your card');
    await page.screenshot({ path: path.join(screenshots, 'payment-failed-banner-1280.png'), fullPage: false });
    const article = await page.locator('main a[href^="/"][href*="/"]:not([href="/"])').first().getAttribute('href');
    for (const address of [article ?? '/', '/search?q=harbour', '/account', '/offers']) {
      await page.goto(`${url}${address}`);
      assert.equal(await banner(page).count(), 1, `${address} shows the banner`);
    }
    assert.match(lastMailTo(dataDir, email), /Subject: We could not take your payment/);

    // Another reader, signed out, is never shown it, though the pages are kept and shared.
    const anonymous = await demo.browser().newContext();
    const other = await anonymous.newPage();
    await other.goto(url);
    assert.equal(await banner(other).count(), 0);
    await anonymous.close();

    // The banner's link: test mode's card page; a working card is charged on the job loop's next pass.
    await page.goto(url);
    await Promise.all([page.waitForURL('**/account/card'), banner(page).locator('a', { hasText: 'update your card' }).click()]);
    assert.match(await page.locator('main').innerText(), /Your last payment failed\. Save a working card/);
    await fillTestCard(page, '4242 4242 4242 4242');
    await Promise.all([page.waitForURL('**/account/card?saved=1'), page.locator('main form button[type="submit"]').last().click()]);
    await waitForBanner(page, url, false);
    assert.match(lastMailTo(dataDir, email), /Subject: Your receipt from/);
    await context.close();
  });
});
