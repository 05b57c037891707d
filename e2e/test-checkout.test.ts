import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshots, useDemoSite } from './demo-site.ts';
import { registerByMail } from './people.ts';

const demo = useDemoSite();

/** A new reader, registered through the site, on the checkout page of the demo's introductory offer. */
async function registeredAtCheckout(page: Page, email: string): Promise<void> {
  const { url, dataDir } = demo.server();
  await registerByMail(page, { url, dataDir }, { email, next: '/offers' });
  await page.goto(`${url}/offers`);
  await Promise.all([
    page.waitForURL('**/checkout/test/**'),
    page.locator('form[action="/checkout"]:has(input[name="offer"][value="three-months-for-nine"]) button[type="submit"]').click(),
  ]);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('the test-mode checkout in a browser', () => {
  it('shows the name alone, the total, the renewal and how to cancel; and, without JavaScript, lands the reader on each field in error', async () => {
    const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await registeredAtCheckout(page, 'careful@example.org');

    assert.equal(await page.locator('.navbar, .section-nav, .reader-nav, .site-footer__nav').count(), 0, 'nothing to wander off into');
    assert.equal(await page.locator('.nameplate').innerText(), 'The Meridian Courier');
    const summary = await page.locator('.checkout__summary').innerText();
    assert.match(summary, /Total due today: \$3/);
    assert.match(summary, /Then \$3 every month for 2 more months, and \$15 every month from/);
    assert.match(summary, /Cancel any time from your account\./);
    await page.screenshot({ path: path.join(screenshots, 'test-checkout-1280.png'), fullPage: true });

    await page.fill('input[name="card"]', '4242 4242 4242 4241');
    await page.fill('input[name="expiry"]', '13/30');
    await page.fill('input[name="cvc"]', '12');
    await page.locator('main form button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    assert.equal(await focusedId(page), 'checkout-card', 'the first field in error has the focus');
    assert.deepEqual(await page.locator('.error-summary a').evaluateAll((links) => links.map((link) => link.getAttribute('href'))), [
      '#checkout-card',
      '#checkout-expiry',
      '#checkout-cvc',
      '#checkout-postal-code',
    ]);
    assert.equal(await page.inputValue('input[name="card"]'), '4242 4242 4242 4241');
    assert.equal(await page.inputValue('input[name="expiry"]'), '13/30');
    assert.equal(await page.locator('input[name="expiry"]').getAttribute('aria-invalid'), 'true');
    await page.screenshot({ path: path.join(screenshots, 'test-checkout-errors-1280.png'), fullPage: true });

    await page.locator('.error-summary a[href="#checkout-cvc"]').click();
    assert.equal(await focusedId(page), 'checkout-cvc', 'a link in the summary goes to its field');

    await page.fill('input[name="card"]', '4000 0000 0000 0002');
    await page.fill('input[name="expiry"]', '12/30');
    await page.fill('input[name="cvc"]', '123');
    await page.fill('input[name="postalCode"]', 'SW1A 1AA');
    await page.locator('main form button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /Your card was declined/);
    assert.equal(await focusedId(page), 'checkout-card');
    assert.equal(await page.inputValue('input[name="card"]'), '', 'a declined number is typed again');
    assert.equal(await page.inputValue('input[name="postalCode"]'), 'SW1A 1AA');
    await page.screenshot({ path: path.join(screenshots, 'test-checkout-declined-1280.png'), fullPage: true });

    await page.fill('input[name="card"]', '4242 4242 4242 4242');
    await Promise.all([page.waitForURL((address) => !address.pathname.startsWith('/checkout')), page.locator('main form button[type="submit"]').click()]);
    await context.close();
  });

  it('reads as well on a phone', async () => {
    const context = await demo.browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await registeredAtCheckout(page, 'phone@example.org');
    await page.locator('main form button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    assert.equal(await focusedId(page), 'checkout-card');
    await page.screenshot({ path: path.join(screenshots, 'test-checkout-errors-390.png'), fullPage: true });
    await context.close();
  });
});
