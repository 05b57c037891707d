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

      const firstStory = page
        .locator('main a[href^="/world/"], main a[href^="/politics/"], main a[href^="/business/"], main a[href^="/science/"], main a[href^="/culture/"]')
        .first();
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
        assert.equal((await page.locator(`a[href*="${network}"]`).count()) > 0, true, network);
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

describe('images fitted to their slots', () => {
  // What a browser picks from each <picture>, at a phone's and a desktop's width: the file's width
  // over the slot's is the density the browser chose from `sizes`, so an image whose `sizes`
  // says a wider slot than the layout gives it fetches a needlessly large file.
  for (const [width, deviceScaleFactor] of [
    [390, 2],
    [1280, 1],
  ] as const) {
    it(`at ${width} px: AVIF first, sizes true to the layout, only the first screen's image eager`, async () => {
      const page = await demo.browser().newPage({ viewport: { width, height: 900 }, deviceScaleFactor });
      await page.goto(demo.server().url);
      const article = (await page.locator('main a[href^="/world/"]').first().getAttribute('href')) ?? '';
      for (const address of ['/', '/world', article]) {
        await page.goto(`${demo.server().url}${address}`);
        const pictures = await page.locator('picture img').evaluateAll(async (nodes) => {
          const images = nodes.filter((node): node is HTMLImageElement => node instanceof HTMLImageElement);
          const eager = images.filter((image) => image.loading === 'eager').map((image) => image.getAttribute('fetchpriority'));
          for (const image of images) image.loading = 'eager';
          await Promise.all(images.map((image) => (image.complete ? null : new Promise((resolve) => image.addEventListener('load', resolve, { once: true })))));
          // naturalWidth of a w-described image is its slot as `sizes` gives it.
          return {
            eager,
            slots: images
              .filter((image) => image.getBoundingClientRect().width > 0)
              .map((image) => ({ file: image.currentSrc, sized: image.naturalWidth, laidOut: image.getBoundingClientRect().width })),
          };
        });
        assert.deepEqual(pictures.eager, ['high'], `${address}: one eager image, fetched first`);
        for (const slot of pictures.slots) {
          assert.match(slot.file, /\.avif$/, `${address}: ${slot.file}`);
          assert.ok(
            Math.abs(slot.sized - slot.laidOut) <= slot.laidOut * 0.05,
            `${address} at ${width} px: sizes says ${slot.sized} px, the layout gives ${Math.round(slot.laidOut)} px (${slot.file})`,
          );
        }
      }
      await page.goto(`${demo.server().url}${article}`);
      const lead = await page
        .locator('picture img')
        .first()
        .evaluate((image: HTMLImageElement) => ({ file: image.currentSrc, fetchPriority: image.getAttribute('fetchpriority') }));
      assert.equal(lead.fetchPriority, 'high');
      assert.match(lead.file, width === 390 ? /-800\.avif$/ : /-1200\.avif$/);
      await page.close();
    });
  }
});

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
