import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { fillTestCard, registerByMail, setUpFirstAdministrator } from './people.ts';

const demo = useDemoSite();
const viewport = { width: 1280, height: 900 };

async function shoot(page: Page, step: string) {
  await page.screenshot({ path: path.join(screenshots, `desk-${step}-1280.png`), fullPage: true });
}

/** A reader who registers on the site and pays for the introductory offer in test mode. */
async function subscriber(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  const site = demo.server().url;
  await registerByMail(page, demo.server(), { name: 'Mara Quill', email });
  await page.goto(`${site}/offers`);
  await Promise.all([
    page.waitForURL('**/checkout/test/**'),
    page.locator('form:has(input[name="offer"][value="three-months-for-nine"]) button[type="submit"]').click(),
  ]);
  await fillTestCard(page);
  await Promise.all([page.waitForURL('**/account?changed=subscribed'), page.locator('main form button[type="submit"]').last().click()]);
  return page;
}

/** The desk's confirmation page: the reason, then its button; back on the reader's page with what was done. */
async function confirmAction(desk: Page, reason: string) {
  await desk.fill('input[name="reason"]', reason);
  await Promise.all([desk.waitForURL('**/admin/readers/*?done=*'), desk.locator('main form button[type="submit"]').last().click()]);
}

describe("the readers' desk helps a subscriber", () => {
  it('a support colleague finds a subscriber, gives a month free and refunds, and the reader sees each change', async () => {
    const server = demo.server();
    const browser = demo.browser();
    const admin = await (await browser.newContext({ viewport })).newPage();
    await setUpFirstAdministrator(admin, server);
    await admin.goto(`${server.url}/admin/staff`);
    await admin.fill('input[name="email"]', 'sam@courier.example');
    await admin.fill('input[name="name"]', 'Sam Support');
    await admin.selectOption('select[name="role"]', 'support');
    await Promise.all([admin.waitForLoadState('load'), admin.locator('form[action="/admin/staff/invite"] button[type="submit"]').click()]);

    const reader = await subscriber(browser, 'mara.quill@example.org');
    const paid = lastMailTo(server.dataDir, 'mara.quill@example.org');
    assert.match(paid, /Welcome|receipt/i);

    // The support colleague logs in by the invitation's link and lands on the desk, not the newsroom.
    const desk = await (await browser.newContext({ viewport })).newPage();
    await desk.goto(mailedLink(lastMailTo(server.dataDir, 'sam@courier.example'), '/login/link/confirm').href);
    await Promise.all([desk.waitForURL((url) => !url.pathname.startsWith('/login')), desk.locator('main form button[type="submit"]').first().click()]);
    await desk.goto(`${server.url}/admin`);
    assert.match(new URL(desk.url()).pathname, /^\/admin\/readers/);
    assert.equal((await desk.goto(`${server.url}/admin/articles`))?.status(), 403, 'the newsroom is closed to the desk');

    await desk.goto(`${server.url}/admin/readers`);
    await desk.fill('input[name="q"]', 'quill');
    await Promise.all([desk.waitForURL('**/admin/readers?**'), desk.locator('form[role="search"] button[type="submit"]').click()]);
    await shoot(desk, '1-found');
    await Promise.all([desk.waitForURL(/\/admin\/readers\/\d+$/), desk.locator('table a', { hasText: 'Mara Quill' }).click()]);
    assert.match(await desk.locator('h1').innerText(), /Mara Quill\s*Active/);

    await Promise.all([desk.waitForURL('**/complimentary'), desk.locator('.desk-actions a', { hasText: 'Give complimentary access' }).click()]);
    await desk.check('input[name="period"][value="1"]');
    await confirmAction(desk, 'Our delivery failed for a week');
    assert.match(await desk.locator('[role="status"]').innerText(), /Complimentary access is given/);
    assert.match(await desk.locator('h1').innerText(), /Complimentary/);
    assert.match(await desk.locator('main').innerText(), /Our delivery failed for a week/, 'the reason shows with the access on the timeline');
    await shoot(desk, '2-complimentary');

    await reader.goto(`${server.url}/account`);
    assert.match(await reader.locator('main').innerText(), /Complimentary access/, 'the reader sees the month given');
    assert.match(lastMailTo(server.dataDir, 'mara.quill@example.org'), /complimentary/i);

    await Promise.all([desk.waitForURL('**/refund'), desk.locator('.desk-actions a', { hasText: /^Refund/ }).click()]);
    await confirmAction(desk, 'Charged while the paper did not arrive');
    assert.match(await desk.locator('[role="status"]').innerText(), /refunded/);
    const timeline = await desk.locator('main').innerText();
    assert.match(timeline, /Refund/, 'the refund is on the timeline');
    assert.equal(await desk.locator('.desk-actions a', { hasText: /^Refund/ }).count(), 0, 'nothing is left to refund');
    await shoot(desk, '3-refunded');

    const refundMail = lastMailTo(server.dataDir, 'mara.quill@example.org');
    assert.match(refundMail, /refund/i, 'the reader is told of the refund');
    await reader.goto(`${server.url}/account`);
    assert.match(await reader.locator('main').innerText(), /Complimentary access/, 'the access given stays after the refund');
  });
});
