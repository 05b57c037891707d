import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { fillTestCard, registerByMail } from './people.ts';

const premium = demoArticles.find((article) => article.access === 'premium');
const otherPremium = demoArticles.filter((article) => article.access === 'premium')[1];

const demo = useDemoSite();

describe('a subscriber gives an article', () => {
  it('makes a gift link that opens the premium article in full for a new reader, and nothing else', async () => {
    assert.ok(premium && otherPremium);
    const site = demo.server().url;
    const premiumUrl = `${site}/${premium.section}/${premium.slug}`;

    // A subscriber, the way a reader becomes one: register, then pay in test mode.
    const giver = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await giver.newPage();
    await registerByMail(page, demo.server(), { name: 'Ana Lopes', email: 'giver@example.org', next: '/offers' });
    await Promise.all([
      page.waitForURL('**/checkout/test/**'),
      page.locator('form[action="/checkout"]:has(input[name="offer"][value="three-months-for-nine"]) button[type="submit"]').click(),
    ]);
    await fillTestCard(page);
    await Promise.all([page.waitForURL('**/account**'), page.locator('main form button[type="submit"]').last().click()]);

    await page.goto(premiumUrl);
    assert.match(await page.locator('.gift-panel').innerText(), /You have 10 gifts left this month/);
    // "Gift this article" sits with the share links under the headline.
    await page.screenshot({ path: path.join(screenshots, 'gift-top-1280.png') });
    await Promise.all([page.waitForURL('**/account/gifts'), page.locator('.article-tools .gift-button').click()]);
    assert.ok(!page.url().includes('gift='), `the giver's address bar stays off the gift address (${page.url()})`);
    const panel = page.locator('.gift-panel');
    assert.match(await panel.innerText(), /Your gift link is ready/);
    assert.match(await panel.innerText(), /You have 9 gifts left this month/);
    const link = await page.locator('#gift-link').inputValue();
    assert.ok(link.startsWith(`${premiumUrl}?gift=`), link);
    await page.locator('button[data-copy]').click();
    await page.locator('#gift-link-status', { hasText: /Copied|selected/ }).waitFor();
    await panel.screenshot({ path: path.join(screenshots, 'gift-link-given-1280.png') });

    // Someone who has never been to the site opens it.
    const friend = await demo.browser().newContext({ viewport: { width: 390, height: 844 } });
    const friendPage = await friend.newPage();
    await friendPage.goto(link);
    assert.match(await friendPage.locator('.gift-notice').innerText(), /Gifted to you by Ana, a subscriber/);
    assert.equal(await friendPage.locator('.paywall').count(), 0);
    assert.equal(await friendPage.locator('.article-body__locked').count(), 1);
    assert.equal(await friendPage.locator('meta[name="robots"]').getAttribute('content'), 'noindex');
    await friendPage.screenshot({ path: path.join(screenshots, 'gift-link-opened-390.png'), fullPage: false });

    // The same token opens no other article, and an altered one opens nothing.
    const token = new URL(link).searchParams.get('gift') ?? '';
    await friendPage.goto(`${site}/${otherPremium.section}/${otherPremium.slug}?gift=${encodeURIComponent(token)}`);
    assert.equal(await friendPage.locator('.article-body__locked').count(), 0);
    assert.match(await friendPage.locator('.gift-notice').innerText(), /This gift link is not valid/);
    await friendPage.goto(`${premiumUrl}?gift=${encodeURIComponent(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)}`);
    assert.equal(await friendPage.locator('.article-body__locked').count(), 0);
    assert.equal(await friendPage.locator('.paywall').count(), 1);

    // The giver revokes it from their account page; the link then opens nothing.
    await page.goto(`${site}/account`);
    assert.match(await page.locator('.account-section--gifts').innerText(), /Opened 1 of 25 times/);
    await Promise.all([page.waitForURL('**/account?changed=gift-revoked**'), page.locator('.gift-list__revoke button').first().click()]);
    await friendPage.goto(link);
    assert.match(await friendPage.locator('.gift-notice').innerText(), /withdrawn/);
    assert.equal(await friendPage.locator('.article-body__locked').count(), 0);
    await giver.close();
    await friend.close();
  });
});
