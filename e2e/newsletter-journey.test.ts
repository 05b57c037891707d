import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../test/smtp-catcher.ts';
import { launchBrowser } from './browser.ts';
import { screenshots } from './demo-site.ts';
import { startDemoServer, type RunningServer } from './server.ts';
import { setUpFirstAdministrator } from './people.ts';

/**
 * The whole of a newsletter's life, as its people live it: a visitor signs up and confirms from
 * the mail, an editor publishes a metered article ticked for the newsletter, the visitor's copy
 * arrives at a real SMTP server with the preview and a link of their own, the link reads as them
 * and counts on their meter without signing anyone in, and the mail's one-click unsubscribe works.
 */
const reader = 'harbour.reader@example.org';
const headline = 'Ferry timetable to change as the harbour wall is rebuilt';
const opening = 'The crossing to the islands will run from the north quay for six months from March.';
const otherMetered = (() => {
  const article = demoArticles.find(({ access }) => access === 'metered');
  assert.ok(article);
  return `/${article.section}/${article.slug}`;
})();
const locked = 'Engineers found the old wall’s footings resting on timber piles driven in 1887.';

let smtp: SmtpCatcher;
let site: RunningServer;
let browser: Browser;
let visitor: BrowserContext;
let edition: ParsedMail;

before(async () => {
  smtp = await startSmtpCatcher();
  site = await startDemoServer({ SMTP_URL: smtp.url });
  browser = await launchBrowser();
  visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
});
after(async () => {
  await browser?.close();
  await site?.stop();
  await smtp?.close();
});

/** The newest message the SMTP server received for this address whose subject matches, waited for. */
async function mailTo(address: string, subject: RegExp): Promise<ParsedMail> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    for (const message of smtp.messages.filter(({ to }) => to === address).reverse()) {
      const parsed = await simpleParser(message.raw);
      if (subject.test(parsed.subject ?? '')) return parsed;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${address} about ${subject} within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every link a message carries, in its HTML part and its plain text. */
function linksIn(mail: ParsedMail): URL[] {
  const hrefs = [...String(mail.html || '').matchAll(/href="([^"]+)"/g)].map((match) => (match[1] ?? '').replaceAll('&amp;', '&'));
  const written = [...(mail.text ?? '').matchAll(/https?:\/\/[^\s<>"]+/g)].map((match) => match[0]);
  return [...new Set([...hrefs, ...written])].filter((href) => href.startsWith('http')).map((href) => new URL(href));
}

/** The one link in a message to this path of the site. */
function linkTo(mail: ParsedMail, pathname: string): URL {
  const links = [
    ...new Set(
      linksIn(mail)
        .filter((url) => url.pathname === pathname)
        .map((url) => url.href),
    ),
  ];
  assert.equal(links.length, 1, `one link to ${pathname} in the message`);
  return new URL(links[0] as string);
}

const meterNotice = async (page: Page) => (await page.locator('[role="status"]').filter({ hasText: 'free article' }).first().innerText()).split('\n')[0];

describe('a newsletter from sign-up to unsubscribe', () => {
  it('a visitor signs up and confirms from the mail the SMTP server received', async () => {
    const page = await visitor.newPage();
    await page.goto(`${site.url}/newsletters`);
    await page.fill('#newsletter-email', reader);
    await page.getByLabel('The Meridian Morning').check();
    await page.locator('main form button[type="submit"]').click();
    await page.locator('h1', { hasText: 'Check your email' }).waitFor();

    const confirmation = await mailTo(reader, /confirm/i);
    await page.goto(linkTo(confirmation, '/newsletters/confirm').href);
    await Promise.all([page.waitForURL('**/newsletters/preferences?**'), page.locator('main form button[type="submit"]').click()]);
    await page.locator('.form-alert--ok', { hasText: 'your newsletters are confirmed' }).waitFor();
    assert.ok(await page.getByLabel('The Meridian Morning').isChecked());
    await page.close();
  });

  it('an editor publishes a metered article ticked for the newsletter, and the visitor’s copy arrives with the preview only', async () => {
    const newsroom = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const editor = await newsroom.newPage();
    await setUpFirstAdministrator(editor, site, { name: 'Nell Editor', email: 'nell@meridian.example', password: 'a long editor passphrase' });

    await editor.goto(`${site.url}/admin/articles/new`);
    await editor.fill('[name="headline"]', headline);
    await editor.fill('[name="standfirst"]', 'Six months of works at the north quay, and what they found underneath.');
    await editor.fill('textarea[name="bodyMarkdown"]', `${opening}\n\n${locked}\n\nThe new wall is due to open in time for the summer sailings.`);
    await editor.selectOption('#access', 'metered');
    await editor.fill('#previewBlockCount', '1');
    await editor.locator('label.check', { hasText: 'The Meridian Morning' }).locator('input[name="newsletterIds"]').check();
    await editor.screenshot({ path: path.join(screenshots, 'newsletter-journey-editor-1280.png'), fullPage: true });
    await Promise.all([editor.waitForURL('**/admin/articles/*?saved=publish'), editor.locator('button[name="intent"][value="publish"]').first().click()]);
    await newsroom.close();

    edition = await mailTo(reader, new RegExp(headline.slice(0, 20)));
    assert.equal(smtp.countFor(reader), 2, 'the confirmation and one copy of the newsletter');
    assert.match(String(edition.from?.text), /The Meridian Morning|Meridian/);
    for (const part of [String(edition.html), edition.text ?? '']) {
      assert.ok(part.includes(opening), 'the preview is in the message');
      assert.ok(!part.includes(locked), 'the locked part is not sent to a reader who is not entitled to it');
    }
    // As a phone's mail client draws it.
    const mailbox = await browser.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    await mailbox.setContent(String(edition.html));
    assert.ok(await mailbox.evaluate(() => document.documentElement.scrollWidth <= 390), 'the message fits a phone without sideways scrolling');
    await mailbox.screenshot({ path: path.join(screenshots, 'newsletter-journey-mail-390.png'), fullPage: true });
    await mailbox.close();
  });

  it('the link in the mail opens the article as the recipient, counts on their meter, and signs nobody in', async () => {
    const article = linksIn(edition).find((url) => url.searchParams.has('nl') && url.pathname.includes('ferry-timetable'));
    assert.ok(article, 'the message links to the article with a token of its own');

    // Opened on another device, as a forwarded or webmail copy would be.
    const elsewhere = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await elsewhere.newPage();
    await page.goto(article.href);
    assert.equal(await page.locator('h1').first().innerText(), headline);
    // A forwarded copy may be read by anyone: the page tells them nothing of the recipient's meter.
    assert.equal(await page.locator('.meter-notice').count(), 0);
    assert.ok((await page.locator('.article-body').innerText()).includes(locked), 'the meter lets the recipient read on');
    await page.screenshot({ path: path.join(screenshots, 'newsletter-journey-link-390.png'), fullPage: true });
    assert.deepEqual(
      (await elsewhere.cookies()).filter(({ name }) => /session/i.test(name)),
      [],
      'the link signed nobody in',
    );
    await page.goto(`${site.url}/account`);
    assert.match(page.url(), /\/login/, 'the account stays behind its sign-in');
    await elsewhere.close();

    // The read was the recipient's: their next article, signed in as themselves, is their second of the month of ten.
    const own = await visitor.newPage();
    await own.goto(`${site.url}${otherMetered}`);
    assert.equal(await meterNotice(own), 'You have 8 free articles left this month');
    await own.close();
  });

  it('one click on the mail’s List-Unsubscribe, without a session, unsubscribes the reader', async () => {
    const header = (name: string) => edition.headerLines.find(({ key }) => key === name)?.line.replace(/\r?\n\s+/g, ' ') ?? '';
    const oneClick = /<(https?:[^>]+)>/.exec(header('list-unsubscribe'))?.[1];
    assert.ok(oneClick, 'the message names a one-click address');
    assert.match(header('list-unsubscribe-post'), /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/i);
    const answer = await fetch(oneClick, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(answer.status, 200);

    const page = await visitor.newPage();
    await page.goto(`${site.url}/account`);
    assert.equal(await page.locator('.account-section--newsletters').getByLabel('The Meridian Morning').isChecked(), false);
    await page.close();

    // The footer's link to the preference centre works without a session too.
    const elsewhere = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const preferences = await elsewhere.newPage();
    await preferences.goto(linkTo(edition, '/newsletters/preferences').href);
    assert.equal(await preferences.getByLabel('The Meridian Morning').isChecked(), false);
    await preferences.screenshot({ path: path.join(screenshots, 'newsletter-journey-preferences-390.png'), fullPage: true });
    await elsewhere.close();
    assert.deepEqual([...smtp.repeated()], [[reader, 2]], 'the reader had the confirmation and one copy, nobody more');
  });
});
