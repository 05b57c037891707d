import assert from 'node:assert/strict';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { fillTestCard } from './people.ts';

const premium = demoArticles.find((article) => article.access === 'premium');
const metered = demoArticles.find((article) => article.access === 'metered');

const demo = useDemoSite();

describe('a reader subscribes in test mode', () => {
  it('goes from the paywall to a paid subscription, reads in full, cancels, and is told when access has ended', async () => {
    assert.ok(premium && metered);
    const premiumUrl = `${demo.server().url}/${premium.section}/${premium.slug}`;
    const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    await page.goto(premiumUrl);
    assert.match(await page.locator('body').innerText(), /Test mode/i);
    const paywall = page.locator('.paywall');
    assert.match(await paywall.innerText(), /Try 3 months for \$9/);
    await page.screenshot({ path: path.join(screenshots, 'paywall-offers-1280.png'), fullPage: true });
    await paywall.locator('a[href^="/register?next="][href*="offer%3Dthree-months-for-nine"]').click();
    await page.waitForURL('**/register**');
    await page.fill('input[name="email"]', 'subscriber@example.org');
    await page.fill('input[name="password"]', 'a long enough passphrase');
    await page.locator('main form button[type="submit"]').last().click();
    await page.locator('h1', { hasText: 'Check your email' }).waitFor();
    await page.goto(mailedLink(lastMailTo(demo.server().dataDir, 'subscriber@example.org'), '/register/confirm').href);
    // Registering leads on to checkout for the offer chosen on the paywall.
    await Promise.all([page.waitForURL('**/checkout?offer=three-months-for-nine**'), page.locator('main form button[type="submit"]').click()]);
    await Promise.all([page.waitForURL('**/checkout/test/**'), page.locator('main form button[type="submit"]', { hasText: 'Continue to payment' }).click()]);
    assert.match(await page.locator('main').innerText(), /Total due today: \$3/);
    await page.fill('input[name="card"]', '4000 0000 0000 0002');
    await page.fill('input[name="expiry"]', '12/30');
    await page.fill('input[name="cvc"]', '123');
    await page.fill('input[name="postalCode"]', '10001');
    await page.locator('main form button[type="submit"]').last().click();
    assert.match(await page.locator('[role="alert"]').innerText(), /declined/);
    await page.screenshot({ path: path.join(screenshots, 'checkout-declined-1280.png'), fullPage: true });
    await fillTestCard(page);
    // Paid, the reader is back on the article they subscribed from; the account page tells the rest.
    await Promise.all([page.waitForURL('**?welcome=subscribed'), page.locator('main form button[type="submit"]').last().click()]);
    assert.match(await page.locator('[role="status"]').first().innerText(), /Welcome to The Meridian Courier — you now have full access/);
    await page.goto(`${demo.server().url}/account`);
    const accountText = await page.locator('main').innerText();
    assert.match(accountText, /Digital/);
    assert.match(accountText, /Next charge: \$3 on/);
    await page.screenshot({ path: path.join(screenshots, 'account-subscribed-1280.png'), fullPage: true });

    await page.goto(premiumUrl);
    assert.equal(await page.locator('.paywall').count(), 0);
    assert.equal(await page.locator('.article-body__locked').count(), 1);

    await page.goto(`${demo.server().url}/account`);
    await Promise.all([page.waitForURL('**/account/subscription/cancel'), page.locator('a[href="/account/subscription/cancel"]').click()]);
    await Promise.all([page.waitForURL('**/account?changed=canceled'), page.locator('button[name="decision"][value="cancel"]').click()]);
    assert.match(await page.locator('main').innerText(), /Your full access continues until/);

    // Move the end of the paid period into the past, as the passing of a month would.
    const database = new DatabaseSync(path.join(demo.server().dataDir, 'dateline.sqlite'));
    database.prepare("update subscriptions set current_period_end = '2020-01-01T00:00:00.000Z'").run();
    database.close();

    await page.goto(premiumUrl);
    const expired = await page.locator('.paywall').innerText();
    assert.match(expired, /Your full access to The Meridian Courier has expired/);
    assert.match(expired, /See all offers/);
    await page.screenshot({ path: path.join(screenshots, 'subscription-expired-1280.png'), fullPage: true });
    await page.goto(`${demo.server().url}/${metered.section}/${metered.slug}`);
    assert.match(await page.locator('[role="status"]').first().innerText(), /free articles? left this month/);
    await context.close();
  });
});
