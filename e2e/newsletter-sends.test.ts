import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { lastMailTo } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { setUpFirstAdministrator } from './people.ts';

const demo = useDemoSite();
let editor: Page | undefined;
/** Clicks a button that sends the composer's form back, and waits for the page it answers with. */
async function submit(button: ReturnType<Page['locator']>) {
  await Promise.all([page().waitForEvent('load'), button.click()]);
}
const page = () => {
  if (!editor) throw new Error('the newsroom is not open yet');
  return editor;
};

describe('an editor sends a newsletter', () => {
  it('defines a newsletter, which the list shows with its subscribers', async () => {
    editor = await (await demo.browser().newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await setUpFirstAdministrator(editor, demo.server(), { name: 'Eda Editor', email: 'eda@courier.example', password: 'a long editor passphrase' });
    await Promise.all([editor.waitForURL('**/admin/newsletters'), editor.locator('nav a', { hasText: 'Newsletters' }).click()]);
    await Promise.all([editor.waitForURL('**/admin/newsletters/new'), editor.locator('a', { hasText: 'New newsletter' }).click()]);
    await editor.fill('#name', 'The Morning Courier');
    await editor.fill('#slug', 'morning-courier');
    await editor.fill('#description', 'The day’s news before breakfast.');
    await editor.selectOption('#audience', 'anyone');
    await editor.fill('#senderName', 'The Courier');
    // A mistake first: the form comes back with the reason and what was typed.
    await editor.fill('#senderEmail', 'not an address');
    await editor.evaluate(() => document.querySelector('#senderEmail')?.setAttribute('type', 'text'));
    await editor.locator('main form button[type="submit"]', { hasText: 'Save the newsletter' }).click();
    assert.match(await editor.locator('[role="alert"]').innerText(), /one plain address/);
    assert.equal(await editor.inputValue('#name'), 'The Morning Courier');
    await editor.fill('#senderEmail', 'morning@courier.example');
    await Promise.all([
      editor.waitForURL('**/admin/newsletters?done=added'),
      editor.locator('main form button[type="submit"]', { hasText: 'Save the newsletter' }).click(),
    ]);
    assert.match(await editor.locator('main').innerText(), /The Morning Courier[\s\S]*Anyone with an address[\s\S]*Never/);
    await editor.screenshot({ path: path.join(screenshots, 'admin-newsletters-1280.png'), fullPage: true });
  });

  it('composes a digest: searches, adds and orders articles, without losing what was typed', async () => {
    const editor = page();
    await Promise.all([
      editor.waitForURL('**/admin/newsletters/compose?newsletter=*'),
      editor.locator('tr', { hasText: 'The Morning Courier' }).locator('a[href*="compose?newsletter="]').click(),
    ]);
    await editor.fill('#subject', 'The week in the Courier');
    await editor.fill('#intro', 'Three stories **worth** your time.');
    const found = editor.locator('ul.composer__list .composer__item');
    assert.ok((await found.count()) >= 3, 'published articles to choose from');
    const headlines = [];
    for (let index = 0; index < 3; index += 1) {
      const item = editor.locator('ul.composer__list .composer__item').first();
      headlines.push((await item.locator('.composer__headline').innerText()).split('\n')[0] ?? '');
      await submit(item.locator('button[value^="add:"]'));
      assert.equal(await editor.locator('ol.composer__list .composer__item').count(), index + 1);
    }
    assert.equal(await editor.inputValue('#subject'), 'The week in the Courier');
    // The third goes first.
    await submit(editor.locator('ol.composer__list .composer__item').nth(2).locator('button[value^="up:"]'));
    await submit(editor.locator('ol.composer__list .composer__item').nth(1).locator('button[value^="up:"]'));
    const chosen = await editor.locator('ol.composer__list .composer__headline .cell-strong').allInnerTexts();
    assert.deepEqual(chosen, [headlines[2], headlines[0], headlines[1]]);
    // A search narrows the list to a headline's words.
    const word = (headlines[1] ?? '').split(' ').find((each) => each.length > 4) ?? '';
    await editor.fill('#q', word);
    await submit(editor.locator('button[value="search"]'));
    assert.equal(await editor.inputValue('#intro'), 'Three stories **worth** your time.');
    await editor.check('input[name="when"][value="later"]');
    await editor.fill('#scheduledFor', '2031-01-06T07:00');
    await editor.screenshot({ path: path.join(screenshots, 'admin-newsletter-compose-1280.png'), fullPage: true });
  });

  it('schedules it, previews it as each kind of reader gets it, and sends a test to the editor', async () => {
    const editor = page();
    await Promise.all([editor.waitForURL(/\/admin\/newsletters\/sends\/\d+\?done=scheduled/), editor.locator('button[value="save"]').click()]);
    const main = await editor.locator('main').innerText();
    assert.match(main, /Send scheduled/);
    assert.match(main, /Scheduled/);
    assert.match(main, /Cancel the send/);
    const frames = editor.locator('iframe.send-preview__frame');
    assert.equal(await frames.count(), 2);
    const preview = editor.frameLocator('iframe[src$="/preview/preview"]');
    await preview.locator('body').waitFor();
    assert.match(await preview.locator('body').innerText(), /The Morning Courier|The week in the Courier/);
    await editor.screenshot({ path: path.join(screenshots, 'admin-newsletter-send-1280.png'), fullPage: true });

    await editor.selectOption('#variant', 'preview');
    await Promise.all([editor.waitForURL(/done=tested/), editor.locator('button', { hasText: 'Send me a test' }).click()]);
    assert.match(await editor.locator('.alert--ok[role="status"]').innerText(), /Test sent to your address/);
    // This demo server has no SMTP_URL: the page says the send cannot leave the queue.
    assert.match(await editor.locator('.alert--warning').innerText(), /No mail server is configured/);
    const mail = lastMailTo(demo.server().dataDir, 'eda@courier.example');
    assert.match(mail, /Subject: \[Test\] The week in the Courier/);
    assert.match(mail, /From: The Courier <morning@courier\.example>/);

    await editor.setViewportSize({ width: 390, height: 844 });
    // Both frames drawn at the phone's width before the picture is taken.
    for (const variant of ['full', 'preview']) {
      await editor.frameLocator(`iframe[src$="/preview/${variant}"]`).locator('h1, h2').first().waitFor();
      await editor.locator(`iframe[src$="/preview/${variant}"]`).scrollIntoViewIfNeeded();
    }
    await editor.screenshot({ path: path.join(screenshots, 'admin-newsletter-send-390.png'), fullPage: true });
  });

  it('cancels the scheduled send', async () => {
    const editor = page();
    await editor.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([editor.waitForURL(/done=canceled/), editor.locator('button', { hasText: 'Cancel the send' }).click()]);
    assert.match(await editor.locator('main').innerText(), /Canceled/);
  });
});
