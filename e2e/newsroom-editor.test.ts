import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { screenshots, useDemoSite } from './demo-site.ts';
import { setUpFirstAdministrator } from './people.ts';

const demo = useDemoSite();

describe('the newsroom editor on a laptop', () => {
  it('gives the text most of the width, saves a draft without a byline as the writer’s, and keeps unsaved text through an image upload', async () => {
    const server = demo.server();
    const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await setUpFirstAdministrator(page, server, { name: 'Wren Writer', email: 'wren@courier.example' });

    await page.goto(`${server.url}/admin/articles/new`);
    const body = page.locator('textarea[name="bodyMarkdown"]');
    const box = await body.boundingBox();
    assert.ok(box, 'the body editor is on the page');
    assert.ok(box.width >= 0.6 * 1280, `the body editor is ${Math.round(box.width)} px wide at 1280 px (${Math.round((box.width / 1280) * 100)} %)`);
    await page.screenshot({ path: path.join(screenshots, 'newsroom-editor-1280.png') });

    await page.fill('[name="headline"]', 'Lighthouse keepers return to the outer skerries');
    await body.fill('The first keepers arrive on Monday.');
    assert.equal(await page.locator('input[name="authorIds"]:checked').count(), 0, 'no author chosen');
    await Promise.all([page.waitForURL('**/admin/articles/*?saved=save'), page.locator('button[name="intent"][value="save"]').first().click()]);
    const editUrl = page.url().split('?')[0] ?? '';
    const byline = page.locator('label.check:has(input[name="authorIds"]:checked)');
    assert.deepEqual(await byline.allInnerTexts(), ['Wren Writer'], 'the writer is the byline');

    // Typed after the save, then an image uploaded before saving again.
    await body.fill('The first keepers arrive on Monday.\n\nUNSAVED: they will stay for six weeks at a time.');
    await page.fill('[name="standfirst"]', 'A standfirst typed just before the upload.');
    const image = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 30, g: 60, b: 90 } } })
      .jpeg()
      .toBuffer();
    await page.setInputFiles('input[name="image"]', { name: 'skerry.jpg', mimeType: 'image/jpeg', buffer: image });
    await page.fill('input[name="alt"]', 'A lighthouse on a bare rock at dusk');
    await Promise.all([page.waitForURL('**?saved=image'), page.locator('button[data-image-upload]').click()]);
    assert.match(await body.inputValue(), /UNSAVED: they will stay for six weeks at a time\./);
    assert.equal(await page.locator('[name="standfirst"]').inputValue(), 'A standfirst typed just before the upload.');
    assert.equal(await page.locator('.lead-image__img').count(), 1, 'the image is set');
    await page.screenshot({ path: path.join(screenshots, 'newsroom-editor-after-upload-1280.png'), fullPage: true });

    // Saved on the server, not only kept in this browser.
    const fresh = await (await demo.browser().newContext({ storageState: await context.storageState() })).newPage();
    await fresh.goto(editUrl);
    assert.match(await fresh.locator('textarea[name="bodyMarkdown"]').inputValue(), /UNSAVED: they will stay for six weeks/);
    await context.close();
  });
});
