import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { formatLocalDateTime } from '../src/settings/local-date-time.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { setUpFirstAdministrator } from './people.ts';

const demo = useDemoSite({ JOB_INTERVAL_SECONDS: '2' });

/** The one-time log-in link the newsroom mailed to an address (the outbox stands in for SMTP). */
function mailedLogInLink(address: string): string {
  return mailedLink(lastMailTo(demo.server().dataDir, address), '/login/link/confirm').href;
}

async function logInByLink(context: BrowserContext, address: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(mailedLogInLink(address));
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.locator('main form button[type="submit"]').first().click()]);
  return page;
}

describe('a new newsroom at work', () => {
  it('sets up, invites, writes with an image, schedules, and the paywall honours the piece when it goes live', async () => {
    const server = demo.server();
    const browser = demo.browser();

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = await adminContext.newPage();
    await setUpFirstAdministrator(admin, server);

    for (const [email, name, role] of [
      ['eda@courier.example', 'Eda Editor', 'editor'],
      ['cy@courier.example', 'Cy Contributor', 'contributor'],
    ]) {
      await admin.goto(`${server.url}/admin/staff`);
      await admin.fill('input[name="email"]', email ?? '');
      await admin.fill('input[name="name"]', name ?? '');
      await admin.selectOption('select[name="role"]', role ?? '');
      await Promise.all([admin.waitForLoadState('load'), admin.locator('form[action="/admin/staff/invite"] button[type="submit"]').click()]);
      assert.match(await admin.locator('[role="status"]').innerText(), /invited/);
    }

    const contributorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const contributor = await logInByLink(contributorContext, 'cy@courier.example');
    await contributor.goto(`${server.url}/admin/articles/new`);
    await contributor.fill('[name="headline"]', 'Night ferries return to the northern islands');
    await contributor.fill('[name="standfirst"]', 'After two winters without them, the overnight boats sail again from Friday.');
    await contributor.fill('[name="dateline"]', 'Bergen');
    await contributor.locator('input[name="authorIds"]').first().check();
    await contributor.selectOption('select[name="access"]', 'premium');
    await contributor.fill(
      '[name="bodyMarkdown"]',
      'The first sailing leaves at 22:00.\n\nTickets went on sale this morning.\n\nISLAND-LOCKED-DETAIL of the timetable.',
    );
    await Promise.all([contributor.waitForURL('**/admin/articles/*?saved=save'), contributor.locator('button[name="intent"][value="save"]').first().click()]);
    const editUrl = contributor.url().split('?')[0] ?? '';

    const image = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 40, g: 80, b: 120 } } })
      .jpeg()
      .toBuffer();
    await contributor.setInputFiles('input[name="image"]', { name: 'ferry.jpg', mimeType: 'image/jpeg', buffer: image });
    await contributor.fill('input[name="alt"]', 'A ferry at the quay at night');
    await contributor.fill('input[name="caption"]', 'The quay at Bergen, where the night ferries leave.');
    await contributor.fill('input[name="credit"]', 'Illustration: Courier graphics desk');
    await Promise.all([contributor.waitForURL('**?saved=image'), contributor.locator('button[data-image-upload]').click()]);
    assert.equal(await contributor.locator('button[name="intent"][value="publish"]').count(), 0, 'no publish button for a contributor');

    const crafted = await contributor.evaluate(async (url) => {
      const form = document.querySelector('form input[name="version"]')?.closest('form');
      if (!form) return 0;
      const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
      body.set('intent', 'publish');
      const response = await fetch(url, { method: 'POST', body, redirect: 'manual' });
      return response.status;
    }, editUrl);
    assert.equal(crafted, 403, "the server refuses a contributor's crafted publish");

    const editorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const editor = await logInByLink(editorContext, 'eda@courier.example');
    await editor.goto(editUrl);
    await editor.fill('[name="headline"]', 'Night ferries return to the northern islands after two winters');
    const inAMinute = formatLocalDateTime(new Date(Date.now() + 60_000), 'America/New_York');
    await editor.fill('input[name="publishAt"]', inAMinute);
    await editor.screenshot({ path: path.join(screenshots, 'newsroom-editor-1280.png'), fullPage: true });
    await Promise.all([editor.waitForURL('**?saved=schedule'), editor.locator('button[name="intent"][value="schedule"]').first().click()]);

    const slug = 'night-ferries-return-to-the-northern-islands';
    const reader = await browser.newPage();
    const before = await reader.goto(`${server.url}/world/${slug}`);
    assert.equal(before?.status(), 404, 'not on the site before its time');
    let status = 0;
    for (let attempt = 0; attempt < 60 && status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      status = (await reader.goto(`${server.url}/world/${slug}`))?.status() ?? 0;
    }
    assert.equal(status, 200, 'on the site once its time has come');
    const body = await reader.locator('main').innerText();
    assert.match(body, /Night ferries return to the northern islands after two winters/);
    assert.match(body, /This article is for subscribers/);
    assert.doesNotMatch(await reader.content(), /ISLAND-LOCKED-DETAIL/);
    assert.ok(
      await reader
        .locator('figure img')
        .first()
        .evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0),
    );

    await admin.goto(`${server.url}/admin/articles`);
    await admin.screenshot({ path: path.join(screenshots, 'newsroom-articles-1280.png') });
    await Promise.all([adminContext.close(), contributorContext.close(), editorContext.close(), reader.close()]);
  });
});
