import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { unsubscribeUrl } from '../src/http/newsletter-paths.ts';
import { derivePreferencesLinkKey, readPreferencesToken, signUnsubscribeToken } from '../src/newsletters/preferences-link.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';

const demo = useDemoSite();
const article = demoArticles.find((candidate) => candidate.access === 'free') ?? demoArticles[0];

describe('a visitor chooses newsletters', () => {
  it('signs up under an article, confirms from the mail, chooses in the preference centre and unsubscribes in one click', async () => {
    assert.ok(article);
    const site = demo.server().url;
    const context = await demo.browser().newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();

    // The compact form under an article takes the address to the sign-up page.
    await page.goto(`${site}/${article.section}/${article.slug}`);
    await page.fill('#newsletter-promo-email', 'morning.reader@example.org');
    await Promise.all([page.waitForURL('**/newsletters?**'), page.locator('.newsletter-promo button[type="submit"]').click()]);
    assert.equal(await page.locator('#newsletter-email').inputValue(), 'morning.reader@example.org');
    const offered = await page.locator('.newsletter-option__name').allInnerTexts();
    assert.deepEqual(offered, ['The Meridian Morning', 'Sunday Dispatch'], 'a subscribers-only newsletter is not offered to anyone');

    // Nothing ticked: a clear error, and the address is kept.
    await page.locator('main form button[type="submit"]').click();
    await page.locator('.form-alert--error', { hasText: 'Choose at least one newsletter' }).waitFor();
    assert.equal(await page.locator('#newsletter-email').inputValue(), 'morning.reader@example.org');

    await page.getByLabel('The Meridian Morning').check();
    await page.screenshot({ path: path.join(screenshots, 'newsletter-sign-up-390.png'), fullPage: true });
    await page.locator('main form button[type="submit"]').click();
    await page.locator('h1', { hasText: 'Check your email' }).waitFor();

    const mail = lastMailTo(demo.server().dataDir, 'morning.reader@example.org');
    assert.match(mail, /The Meridian Morning/);
    await page.goto(mailedLink(mail, '/newsletters/confirm').href);
    await Promise.all([page.waitForURL('**/newsletters/preferences?**'), page.locator('main form button[type="submit"]').click()]);
    await page.locator('.form-alert--ok', { hasText: 'your newsletters are confirmed' }).waitFor();
    assert.ok(await page.getByLabel('The Meridian Morning').isChecked());
    assert.equal(
      await page.locator('a', { hasText: 'Continue reading' }).getAttribute('href'),
      `/${article.section}/${article.slug}`,
      'back to the article signed up under',
    );
    await page.screenshot({ path: path.join(screenshots, 'newsletter-preferences-390.png'), fullPage: true });

    // A new address became a reader, signed in, without a password.
    await page.goto(`${site}/account`);
    assert.ok(await page.locator('.account-section--newsletters').getByLabel('The Meridian Morning').isChecked());

    // The one-click link a message carries: a page with a button, then unsubscribed.
    const config = loadConfig({ DATA_DIR: demo.server().dataDir, NODE_ENV: 'test' }, process.cwd());
    const key = derivePreferencesLinkKey(config.secret);
    await page.goBack();
    const preferencesToken = new URL(page.url()).searchParams.get('token') ?? '';
    const claim = readPreferencesToken(preferencesToken, key);
    assert.ok(claim, 'the preference centre opened by a token the server signed');
    const newsletterId = Number(await page.getByLabel('The Meridian Morning').getAttribute('value'));
    const unsubscribe = unsubscribeUrl(new URL(site), signUnsubscribeToken({ accountId: claim.accountId, newsletterId }, key));
    await page.goto(unsubscribe.href);
    await page.locator('h1', { hasText: 'Unsubscribe' }).waitFor();
    await page.locator('main form button[type="submit"]').click();
    await page.locator('h1', { hasText: 'You are unsubscribed' }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'newsletter-unsubscribed-390.png'), fullPage: true });
    await page.locator('a', { hasText: 'Choose your newsletters' }).click();
    assert.equal(await page.getByLabel('The Meridian Morning').isChecked(), false);
    await context.close();
  });
});
