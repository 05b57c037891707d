import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import type { RunningServer } from './server.ts';
import { readsInFull, registerByMail, setUpFirstAdministrator } from './people.ts';

const premium = demoArticles.filter((article) => article.access === 'premium');
const viewport = { width: 1280, height: 900 };
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const demo = useDemoSite();

async function setUpAdmin(browser: Browser, server: RunningServer): Promise<Page> {
  const admin = await (await browser.newContext({ viewport })).newPage();
  await setUpFirstAdministrator(admin, server);
  return admin;
}

async function register(browser: Browser, server: RunningServer, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await registerByMail(page, server, { name: email.split('@')[0] ?? 'Reader', email });
  return page;
}

describe('a company buys seats itself', () => {
  it('in test mode: three seats, a colleague invited, raised to four at the right charge; once the contract ends its member meets the notice', async () => {
    const server = demo.server();
    const browser = demo.browser();
    const [article] = premium;
    assert.ok(article);
    const admin = await setUpAdmin(browser, server);

    // From the offers page, "For teams".
    const buyer = await register(browser, server, 'dana@harbourworks.example');
    await buyer.goto(`${server.url}/offers`);
    await Promise.all([buyer.waitForURL('**/organisations/buy'), buyer.locator('.offers__teams a').click()]);
    await buyer.fill('input[name="organisationName"]', 'Harbour Works');
    await buyer.check('input[name="plan"][value="digital"]');
    await buyer.fill('input[name="seats"]', '3');
    await buyer.screenshot({ path: path.join(screenshots, 'buy-seats-1280.png'), fullPage: true });
    await buyer.locator('form.buy-seats__form button[type="submit"]').click();
    await buyer.locator('.buy-seats__total').waitFor();
    assert.match(await buyer.locator('.buy-seats__total').innerText(), /\$45 for 3 seats, due today/);
    await buyer.screenshot({ path: path.join(screenshots, 'buy-seats-review-1280.png'), fullPage: true });
    await Promise.all([buyer.waitForURL('**/organisations/buy/pay/*'), buyer.locator('.buy-seats__review button[type="submit"]').click()]);
    assert.match(await buyer.locator('.checkout__due').innerText(), /Total due today: \$45/);
    await buyer.fill('input[name="card"]', '4242 4242 4242 4242');
    await buyer.fill('input[name="expiry"]', '12/34');
    await buyer.fill('input[name="cvc"]', '123');
    await buyer.fill('input[name="postalCode"]', '10001');
    await buyer.screenshot({ path: path.join(screenshots, 'buy-seats-pay-1280.png'), fullPage: true });
    await Promise.all([buyer.waitForURL('**/organisation?changed=bought'), buyer.locator('main form button[type="submit"]').click()]);
    assert.match(await buyer.locator('.organisation__seats').innerText(), /1 of 3 seats taken/);
    assert.match(await buyer.locator('.organisation__price').innerText(), /\$45 a month for 3 seats/);
    await buyer.screenshot({ path: path.join(screenshots, 'organisation-bought-1280.png'), fullPage: true });
    assert.equal(await readsInFull(buyer, server, article), true, 'the buyer holds a seat');

    // A colleague is invited and takes a seat.
    const colleague = await register(browser, server, 'eli@example.org');
    await buyer.goto(`${server.url}/organisation`);
    await buyer.fill('form[action="/organisation/invite"] input[name="email"]', 'eli@example.org');
    await Promise.all([
      buyer.waitForURL('**/organisation?changed=invited'),
      buyer.locator('form[action="/organisation/invite"] button[type="submit"]').click(),
    ]);
    await colleague.goto(mailedLink(lastMailTo(server.dataDir, 'eli@example.org'), '/organisation/join').href);
    await Promise.all([colleague.waitForURL('**/organisation?changed=joined'), colleague.locator('main form button[type="submit"]').click()]);
    assert.equal(await readsInFull(colleague, server, article), true);

    // Four seats: the fourth is charged for the rest of this month, a whole one as the month has just begun.
    await buyer.goto(`${server.url}/organisation`);
    assert.match(await buyer.locator('.organisation__seats').innerText(), /2 of 3 seats taken/);
    await buyer.fill('form[action="/organisation/seats"] input[name="seats"]', '4');
    await buyer.locator('form[action="/organisation/seats"] button[type="submit"]').click();
    await buyer.locator('.form-alert', { hasText: 'now has 4 seats' }).waitFor();
    assert.match(await buyer.locator('main').innerText(), /now has 4 seats: \$15 was charged for the rest of this period; each renewal costs \$60/);
    assert.match(await buyer.locator('.organisation__price').innerText(), /\$60 a month for 4 seats/);
    await buyer.screenshot({ path: path.join(screenshots, 'organisation-seats-changed-1280.png'), fullPage: true });

    // The contract ends (the newsroom sets it to have ended yesterday): its member meets the notice on the paywall.
    await admin.goto(`${server.url}/admin/organisations`);
    await Promise.all([admin.waitForURL('**/admin/organisations/*'), admin.locator('a', { hasText: 'Harbour Works' }).click()]);
    await admin.fill('input[name="startsAt"]', day(-3));
    await admin.fill('input[name="endsAt"]', day(-1));
    await Promise.all([admin.waitForURL('**?done=*'), admin.locator('main form button[type="submit"]').first().click()]);
    await colleague.goto(`${server.url}/${article.section}/${article.slug}`);
    const paywall = await colleague.locator('.paywall').innerText();
    const endedOn = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day(-1)}T00:00:00Z`));
    assert.match(paywall, new RegExp(`Your access through Harbour Works ended on ${endedOn}`));
    await colleague.locator('.paywall').screenshot({ path: path.join(screenshots, 'paywall-organisation-ended-1280.png') });
  });
});
