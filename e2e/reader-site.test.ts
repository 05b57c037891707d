import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshots, useDemoSite } from './demo-site.ts';


const demo = useDemoSite();

/** A page that fails the test on any console error, such as a Content-Security-Policy violation. */
async function openPage(width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await demo.browser().newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return { page, errors };
}

for (const width of [360, 1280]) {
  describe(`a reader at ${width} px`, () => {
    it('goes from the home page to an article and sees all of it', async () => {
      const { page, errors } = await openPage(width);
      await page.goto(demo.server().url);
      assert.equal(await page.title(), 'The Meridian Courier');
      await page.screenshot({ path: path.join(screenshots, `home-${width}.png`), fullPage: true });

      const firstStory = page.locator('main a[href^="/world/"], main a[href^="/politics/"], main a[href^="/business/"], main a[href^="/science/"], main a[href^="/culture/"]').first();
      const href = await firstStory.getAttribute('href');
      assert.ok(href);
      await firstStory.click();
      await page.waitForURL(`**${href}`);

      const headline = page.locator('h1');
      assert.equal(await headline.count(), 1);
      assert.ok((await headline.innerText()).length > 10);
      assert.ok((await page.locator('.standfirst').innerText()).length > 40);
      assert.match(await page.locator('.dateline').first().innerText(), /^[A-Z ]+$/);
      assert.ok(await page.locator('a[rel="author"], .byline a').first().isVisible());
      assert.ok(await page.locator('figure figcaption').first().isVisible());
      const image = page.locator('figure img').first();
      assert.ok(await image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0));
      assert.ok(await page.locator('time').first().isVisible());
      for (const network of ['facebook.com', 'linkedin.com', 'x.com', 'mailto:']) {
        assert.equal(await page.locator(`a[href*="${network}"]`).count() > 0, true, network);
      }
      assert.ok(await page.locator('button[data-print]').isVisible(), 'the print button shows once the script runs');

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
      await page.screenshot({ path: path.join(screenshots, `article-${width}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('searches and finds', async () => {
      const { page, errors } = await openPage(width);
      await page.goto(`${demo.server().url}/search?q=ceasefire`);
      assert.ok((await page.locator('mark').count()) > 0);
      await page.screenshot({ path: path.join(screenshots, `search-${width}.png`), fullPage: false });
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}

describe('a reader on a phone', () => {
  it('opens the section menu without JavaScript', async () => {
    const context = await demo.browser().newContext({ viewport: { width: 360, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(demo.server().url);
    const toggle = page.locator('summary').first();
    assert.ok(await toggle.isVisible());
    await toggle.click();
    const politics = page.locator('details[open] a[href="/politics"]');
    assert.ok(await politics.isVisible());
    await politics.click();
    await page.waitForURL('**/politics');
    assert.match(await page.locator('h1').innerText(), /Politics/);
    await context.close();
  });
});

describe('printing an article', () => {
  it('leaves out the navigation and share links', async () => {
    const { page } = await openPage(1280);
    await page.goto(demo.server().url);
    const href = await page.locator('main a[href^="/world/"]').first().getAttribute('href');
    await page.goto(`${demo.server().url}${href}`);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.section-nav').isVisible(), false);
    assert.equal(await page.locator('a[href*="facebook.com"]').first().isVisible(), false);
    assert.ok(await page.locator('h1').isVisible());
    await page.pdf({ path: path.join(screenshots, 'article-print.pdf') });
    await page.close();
  });
});
