import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';

// The server's own job loop delivers and reminds: every second, so the test waits seconds, not days.
const demo = useDemoSite({ JOB_INTERVAL_SECONDS: '1' });
const premium = demoArticles.find((article) => article.access === 'premium');
const buyer = 'ines.giver@example.org';
const recipient = 'olu.friend@example.org';
const day = 24 * 60 * 60 * 1000;

function mailTo(address: string): string | null {
  try {
    return lastMailTo(demo.server().dataDir, address);
  } catch {
    return null;
  }
}

/** Waits for the job loop's next passes to mail this address a message whose subject matches. */
async function waitForMail(address: string, subject: RegExp): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const mail = mailTo(address);
    if (mail !== null && subject.test(mail)) return mail;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} matching ${subject}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The site's own address for a link a mail or a page carries (the server's public address is not the test's). */
const onSite = (link: string) => {
  const { pathname, search } = new URL(link);
  return `${demo.server().url}${pathname}${search}`;
};
const redemptionLinkIn = (mail: string) => /https?:\/\/\S+\/gift-subscriptions\/redeem\?code=[A-Za-z0-9._%-]+/.exec(mail)?.[0] ?? '';

async function fillCard(page: Page, card: string): Promise<void> {
  await page.fill('input[name="card"]', card);
  await page.fill('input[name="expiry"]', '12/30');
  await page.fill('input[name="cvc"]', '123');
  await page.fill('input[name="postalCode"]', '10001');
}

describe('a gift subscription in a browser', () => {
  it('is bought, delivered on its date by the job loop, redeemed and read, and reminds before its end; an altered or used code says so', async () => {
    assert.ok(premium);
    const { url } = demo.server();

    // A visitor, not signed in, finds gifts from the offers page and buys three months, delivered in ten days.
    const giving = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await giving.newPage();
    await page.goto(`${url}/offers`);
    await Promise.all([page.waitForURL('**/gift-subscriptions'), page.locator('a', { hasText: 'as a gift' }).click()]);
    const today = (await page.locator('input[name="deliveryDay"]').getAttribute('min')) ?? '';
    const deliveryDay = new Date(Date.parse(`${today}T12:00:00Z`) + 10 * day).toISOString().slice(0, 10);
    await page.locator('label', { hasText: '3 months' }).click();
    await page.fill('input[name="recipientName"]', 'Olu Friend');
    await page.fill('input[name="recipientEmail"]', recipient);
    await page.fill('textarea[name="message"]', 'For the long winter evenings. Love, Ines');
    await page.fill('input[name="deliveryDay"]', deliveryDay);
    await page.fill('input[name="buyerName"]', 'Ines Giver');
    await page.fill('input[name="buyerEmail"]', buyer);
    await page.screenshot({ path: path.join(screenshots, 'gift-subscription-buy-1280.png'), fullPage: true });
    await Promise.all([page.waitForURL('**/gift-subscriptions/test-checkout/**'), page.locator('main form button[type="submit"]').click()]);
    assert.match(await page.locator('.checkout__summary').innerText(), /A gift: 3 months of Digital[\s\S]*For Olu Friend[\s\S]*Total due today: \$45/);
    await fillCard(page, '4242 4242 4242 4242');
    await page.screenshot({ path: path.join(screenshots, 'gift-subscription-test-checkout-1280.png'), fullPage: true });
    await Promise.all([page.waitForURL('**/gift-subscriptions/receipt?checkout=**'), page.locator('main form button[type="submit"]').click()]);

    // The receipt: what was bought, for whom, when, and the link to copy or print; the same link is mailed.
    const receipt = await page.locator('main').innerText();
    assert.match(receipt, /Thank you, Ines Giver/);
    assert.match(receipt, /3 months of Digital/);
    assert.match(receipt, /Olu Friend \(olu\.friend@example\.org\)/);
    assert.match(receipt, new RegExp(`We have emailed the receipt to ${buyer.replaceAll('.', '\\.')}`));
    assert.ok(await page.locator('button[data-print]').isVisible(), 'the print button is shown once the script runs');
    const printed = await page.locator('#gift-subscription-link').inputValue();
    await page.screenshot({ path: path.join(screenshots, 'gift-subscription-receipt-1280.png'), fullPage: true });
    const receiptMail = await waitForMail(buyer, /Subject: Your gift of/);
    assert.equal(redemptionLinkIn(receiptMail), printed);

    // Before its day the recipient hears nothing, though the job loop passes every second.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(mailTo(recipient), null, 'nothing is delivered before its day');

    // The delivery day comes: the job loop mails the recipient the message and the link.
    demo.inDatabase((database) =>
      database.prepare('update gift_subscriptions set deliver_at = ? where recipient_email = ?').run(new Date(Date.now() - 60_000).toISOString(), recipient),
    );
    const delivered = await waitForMail(recipient, /Subject: Ines Giver has given you 3 months of/);
    assert.match(delivered, /> For the long winter evenings\. Love, Ines/);
    const link = onSite(redemptionLinkIn(delivered));

    // The recipient follows it, registers on the way, and comes back to redeem.
    const receiving = await demo.browser().newContext({ viewport: { width: 390, height: 844 } });
    const reader = await receiving.newPage();
    await reader.goto(link);
    assert.match(await reader.locator('main').innerText(), /Ines Giver has given Olu Friend 3 months of/);
    await reader.screenshot({ path: path.join(screenshots, 'gift-subscription-redeem-390.png'), fullPage: true });
    await Promise.all([reader.waitForURL('**/register**'), reader.locator('a', { hasText: 'Create an account' }).click()]);
    await reader.fill('input[name="name"]', 'Olu Friend');
    await reader.fill('input[name="email"]', recipient);
    await reader.fill('input[name="password"]', 'a long enough passphrase');
    await reader.locator('main form button[type="submit"]').last().click();
    await reader.locator('h1', { hasText: 'Check your email' }).waitFor();
    await reader.goto(onSite(mailedLink(lastMailTo(demo.server().dataDir, recipient), '/register/confirm').href));
    await Promise.all([reader.waitForURL('**/gift-subscriptions/redeem?code=**'), reader.locator('main form button[type="submit"]').click()]);
    await reader.locator('main form button[type="submit"]', { hasText: 'Start reading' }).click();
    await reader.locator('.form-alert', { hasText: 'The gift is yours.' }).waitFor();
    await reader.screenshot({ path: path.join(screenshots, 'gift-subscription-redeemed-390.png'), fullPage: true });

    // And reads a subscribers-only article in full.
    await reader.goto(`${url}/${premium.section}/${premium.slug}`);
    assert.equal(await reader.locator('.paywall').count(), 0, 'no paywall for the gift’s reader');

    // The months run down: the job loop reminds before the end, with the publication's continuation offer.
    demo.inDatabase((database) =>
      database.prepare('update gift_subscriptions set access_until = ? where recipient_email = ?').run(new Date(Date.now() + 5 * day).toISOString(), recipient),
    );
    const reminder = await waitForMail(recipient, /Subject: Your gift subscription to .+ ends on/);
    assert.match(reminder, /\/checkout\?offer=annual/);

    // A code altered by a character, and the used code in someone else's browser, each say so.
    const stranger = await (await demo.browser().newContext()).newPage();
    const altered = `${link.slice(0, -2)}${link.endsWith('AA') ? 'BB' : 'AA'}`;
    await stranger.goto(altered);
    assert.match(await stranger.locator('main').innerText(), /This gift code is not valid/);
    await stranger.goto(link);
    assert.match(await stranger.locator('main').innerText(), /This gift code has already been used/);
    await stranger.screenshot({ path: path.join(screenshots, 'gift-subscription-used-1280.png') });
  });
});
