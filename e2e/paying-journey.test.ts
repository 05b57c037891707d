import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { fillTestCard } from './people.ts';

const metered = demoArticles.filter((article) => article.access === 'metered').map((article) => `/${article.section}/${article.slug}`);
const premium = demoArticles.find((article) => article.access === 'premium');
const viewports = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

const demo = useDemoSite();

/** The whole page, or with `isViewport` what the reader sees of it where it is scrolled to. */
async function shoot(page: Page, step: string, { isViewport = false }: { isViewport?: boolean } = {}) {
  const { width } = page.viewportSize() ?? { width: 0 };
  await page.screenshot({ path: path.join(screenshots, `journey-${step}-${width}.png`), fullPage: !isViewport });
}

describe('an anonymous reader pays for the offer they chose and is back on the story', () => {
  for (const viewport of viewports) {
    it(`reads to the paywall, registers, pays for the chosen offer and reads the article in full (${viewport.width} px)`, async () => {
      const site = demo.server().url;
      const email = `journey-${viewport.width}@example.org`;
      const context = await demo.browser().newContext({ viewport });
      const page = await context.newPage();

      await page.goto(site);
      await shoot(page, '1-home');
      // The first metered story the home page links to, then the next ones, until the meter runs out.
      const onHome = await page.locator('main a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
      const first = metered.find((href) => onHome.includes(href));
      assert.ok(first, 'the home page links a metered story');
      await Promise.all([page.waitForURL(`**${first}`), page.locator(`main a[href="${first}"]`).first().click()]);
      await shoot(page, '2-metered-article');
      const reading = [first, ...metered.filter((href) => href !== first)];
      for (const href of reading.slice(1, 3)) await page.goto(`${site}${href}`);
      const walled = reading[3] ?? '';
      await page.goto(`${site}${walled}`);
      const paywall = page.locator('.paywall');
      assert.ok(await paywall.isVisible(), 'the fourth story is behind the paywall');
      await paywall.scrollIntoViewIfNeeded();
      await shoot(page, '3-paywall');

      // Not the best offer, but the other: the one the reader chose is the one they pay for.
      const subscribeLinks = paywall.locator('a.button[href^="/register?next="]', { hasText: 'Subscribe' });
      assert.ok((await subscribeLinks.count()) >= 2);
      const chosen = subscribeLinks.last();
      const chosenHref = (await chosen.getAttribute('href')) ?? '';
      const chosenSlug = new URLSearchParams(new URL(new URL(chosenHref, site).searchParams.get('next') ?? '', site).search).get('offer') ?? '';
      const chosenHeadline = (await paywall.locator('.offer-card').last().locator('.offer-card__headline').innerText()).trim();
      assert.ok(chosenSlug);
      await Promise.all([page.waitForURL('**/register?**'), chosen.click()]);
      await page.fill('input[name="name"]', 'Journey Reader');
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', 'a long enough passphrase');
      await shoot(page, '4-register');
      await page.locator('main form button[type="submit"]').last().click();
      await page.locator('h1', { hasText: 'Check your email' }).waitFor();
      await shoot(page, '5-check-email');

      await page.goto(mailedLink(lastMailTo(demo.server().dataDir, email), '/register/confirm').href);
      await shoot(page, '6-finish-registering');
      await Promise.all([page.waitForURL(`**/checkout?offer=${chosenSlug}**`), page.locator('main form button[type="submit"]').click()]);
      const confirmation = await page.locator('main').innerText();
      assert.ok(confirmation.includes(chosenHeadline), `checkout shows ${chosenHeadline}`);
      await shoot(page, '7-checkout-offer');

      await Promise.all([page.waitForURL('**/checkout/test/**'), page.locator('main form button[type="submit"]', { hasText: 'Continue to payment' }).click()]);
      assert.ok((await page.locator('main').innerText()).includes(chosenHeadline));
      await fillTestCard(page);
      await shoot(page, '8-pay');
      await Promise.all([page.waitForURL(`**${walled}?welcome=subscribed`), page.locator('main form button[type="submit"]').last().click()]);

      const welcome = page.locator('[role="status"]').first();
      assert.match(await welcome.innerText(), /^Welcome to The Meridian Courier — you now have full access/);
      await welcome.scrollIntoViewIfNeeded();
      await shoot(page, '9-welcome', { isViewport: true });
      assert.equal(await page.locator('.paywall').count(), 0);
      assert.equal(await page.locator('.article-body__locked').count(), 1);
      await shoot(page, '9-back-on-the-story');
      await context.close();
    });
  }

  it("follows a gift link's subscribe prompt to the offers", async () => {
    assert.ok(premium);
    const site = demo.server().url;
    // The 1280 px reader above is a subscriber now; they give a premium article.
    const giver = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const givingPage = await giver.newPage();
    await givingPage.goto(`${site}/login`);
    await givingPage.fill('input[name="email"]', 'journey-1280@example.org');
    await givingPage.fill('input[name="password"]', 'a long enough passphrase');
    await Promise.all([givingPage.waitForURL(`${site}/`), givingPage.locator('main form button[type="submit"]').first().click()]);
    await givingPage.goto(`${site}/${premium.section}/${premium.slug}`);
    // The link is shown to the giver on a page of its own, to copy; their address bar stays off it.
    await Promise.all([givingPage.waitForURL('**/account/gifts'), givingPage.locator('.gift-panel button[type="submit"]').click()]);
    const link = await givingPage.locator('#gift-link').inputValue();
    await giver.close();

    for (const viewport of viewports) {
      const context = await demo.browser().newContext({ viewport });
      const page = await context.newPage();
      await page.goto(link);
      const prompt = page.locator('.gift-notice a', { hasText: 'Subscribe to The Meridian Courier' });
      assert.ok(await prompt.isVisible());
      await prompt.scrollIntoViewIfNeeded();
      await shoot(page, '10-gift-link', { isViewport: true });
      await Promise.all([page.waitForURL(`${site}/offers`), prompt.click()]);
      assert.ok((await page.locator('.offer-card').count()) >= 1);
      await shoot(page, '11-gift-to-offers');
      await context.close();
    }
  });
});
