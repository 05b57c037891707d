import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';

const metered = demoArticles.filter((article) => article.access === 'metered').map((article) => `/${article.section}/${article.slug}`);

const demo = useDemoSite();

describe('a new reader meets the meter in the demo publication', () => {
  it('is told what is left, meets the paywall, re-reads for free, and registers to read on', async () => {
    assert.ok(metered.length >= 6);
    const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const notice = async () => (await page.locator('[role="status"]').filter({ hasText: 'free article' }).first().innerText()).split('\n')[0];

    await page.goto(`${demo.server().url}${metered[0]}`);
    assert.equal(await notice(), 'You have 2 free articles left this month');
    // Seen without scrolling, with a way to subscribe as well as to register.
    const shown = await page.locator('.meter-notice').boundingBox();
    assert.ok(shown && shown.y + shown.height <= 900, `the notice ends at ${shown ? shown.y + shown.height : '?'} px`);
    assert.equal(await page.locator('.meter-notice a', { hasText: 'Subscribe' }).getAttribute('href'), '/offers');
    await page.screenshot({ path: path.join(screenshots, 'meter-notice-1280.png') });
    await page.goto(`${demo.server().url}${metered[1]}`);
    assert.equal(await notice(), 'You have 1 free article left this month');
    await page.goto(`${demo.server().url}${metered[2]}`);
    assert.equal(await notice(), 'This is your last free article this month');
    assert.equal(await page.locator('.article-body__locked').count(), 1);

    await page.goto(`${demo.server().url}${metered[3]}`);
    const paywall = page.locator('.paywall');
    assert.ok(await paywall.isVisible());
    assert.match(await paywall.innerText(), /Subscribe to keep reading/);
    assert.equal(await page.locator('.article-body__locked').count(), 0);
    assert.ok((await page.locator('.article-body > p, .article-body > h2, .article-body > blockquote, .article-body > ul').count()) <= 2);
    await page.screenshot({ path: path.join(screenshots, 'paywall-1280.png'), fullPage: true });

    await page.goto(`${demo.server().url}${metered[0]}`);
    assert.equal(await page.locator('.paywall').count(), 0);
    assert.equal(await page.locator('.article-body__locked').count(), 1);

    await page.goto(`${demo.server().url}${metered[3]}`);
    await page.locator('.paywall a', { hasText: 'Register for free' }).click();
    await page.waitForURL('**/register**');
    await page.fill('input[name="name"]', 'Ada Reader');
    await page.fill('input[name="email"]', 'ada.reader@example.org');
    await page.fill('input[name="password"]', 'a long enough passphrase');
    await page.locator('main form button[type="submit"]').click();
    await page.locator('h1', { hasText: 'Check your email' }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'register-check-email-1280.png') });
    // The link in the mail finishes registering, in the same browser as a reader who opens it there.
    await page.goto(mailedLink(lastMailTo(demo.server().dataDir, 'ada.reader@example.org'), '/register/confirm').href);
    await Promise.all([page.waitForURL(`**${metered[3]}`), page.locator('main form button[type="submit"]').click()]);
    assert.equal(await page.locator('.paywall').count(), 0);
    assert.equal(await notice(), 'You have 6 free articles left this month');
    await page.goto(`${demo.server().url}${metered[4]}`);
    assert.equal(await notice(), 'You have 5 free articles left this month');
    await context.close();
  });

  it('shows the paywall well on a phone', async () => {
    const context = await demo.browser().newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    const premium = demoArticles.find((article) => article.access === 'premium');
    assert.ok(premium);
    await page.goto(`${demo.server().url}${metered[0]}`);
    const shown = await page.locator('.meter-notice').boundingBox();
    assert.ok(shown && shown.y + shown.height <= 800, `on a phone the notice ends at ${shown ? shown.y + shown.height : '?'} px`);
    await page.goto(`${demo.server().url}/${premium.section}/${premium.slug}`);
    assert.ok(await page.locator('.paywall').isVisible());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0);
    await page.screenshot({ path: path.join(screenshots, 'paywall-360.png'), fullPage: true });
    await context.close();
  });
});
