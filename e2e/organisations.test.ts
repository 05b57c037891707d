import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { lastMailTo, mailedLink } from '../test/outbox.ts';
import { useDemoSite } from './demo-site.ts';
import { type RunningServer, startDemoServer } from './server.ts';
import { readsInFull, registerByMail, setUpFirstAdministrator } from './people.ts';

const premium = demoArticles.filter((article) => article.access === 'premium');
const viewport = { width: 1280, height: 900 };
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

// Behind a proxy the site trusts: X-Forwarded-For names the reader's address.
const demo = useDemoSite({ TRUST_PROXY: 'true' });

async function setUpAdmin(browser: Browser, server: RunningServer): Promise<Page> {
  const admin = await (await browser.newContext({ viewport })).newPage();
  await setUpFirstAdministrator(admin, server);
  return admin;
}

/** The contract staff type: two seats for a year, open by invitation, by its domain and by its range. */
async function createOrganisation(admin: Page, server: RunningServer): Promise<string> {
  await admin.goto(`${server.url}/admin/organisations`);
  await admin.fill('input[name="name"]', 'Northfield University');
  await admin.fill('input[name="seats"]', '2');
  await admin.fill('input[name="startsAt"]', day(-1));
  await admin.fill('input[name="endsAt"]', day(365));
  await admin.check('input[name="byDomain"]');
  await admin.check('input[name="byIpRange"]');
  await admin.fill('textarea[name="domains"]', 'northfield.example');
  await admin.fill('textarea[name="ipRanges"]', '198.51.100.0/24');
  await Promise.all([admin.waitForURL('**/admin/organisations/*?done=created'), admin.locator('main form button[type="submit"]').last().click()]);
  return admin.url().split('?')[0] ?? '';
}

async function register(browser: Browser, server: RunningServer, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await registerByMail(page, server, { name: email.split('@')[0] ?? 'Reader', email });
  return page;
}

async function proveAddress(page: Page, server: RunningServer, address: string) {
  await page.goto(`${server.url}/organisation`);
  await page.fill('input[name="email"]', address);
  await Promise.all([page.waitForURL('**/organisation?changed=proof-sent'), page.locator('form[action="/organisation/prove"] button[type="submit"]').click()]);
  await page.goto(mailedLink(lastMailTo(server.dataDir, address), '/organisation/prove/confirm').href);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForLoadState('load');
}

describe('an organisation admits its people', () => {
  it('by domain, by invitation and by IP range, refuses over the seat limit, and reports the reads', async () => {
    const server = demo.server();
    const browser = demo.browser();
    const [first, second] = premium;
    assert.ok(first && second);
    const admin = await setUpAdmin(browser, server);
    const organisationUrl = await createOrganisation(admin, server);

    const manager = await register(browser, server, 'manager@example.org');
    await admin.goto(organisationUrl);
    await admin.fill('input[name="email"]', 'manager@example.org');
    await Promise.all([admin.waitForURL('**?done=manager-added'), admin.locator('form[action$="/managers"] button[type="submit"]').click()]);

    // By domain: the reader proves a work address by the mailed link.
    const ana = await register(browser, server, 'ana@example.org');
    assert.equal(await readsInFull(ana, server, first), false, 'no seat yet, no full text');
    await proveAddress(ana, server, 'ana@northfield.example');
    assert.match(await ana.locator('main').innerText(), /You read in full through Northfield University/);
    assert.equal(await readsInFull(ana, server, first), true);

    // By invitation: the manager invites, the reader accepts by the mailed link.
    const ben = await register(browser, server, 'ben@example.org');
    await manager.goto(`${server.url}/organisation`);
    await manager.fill('form[action="/organisation/invite"] input[name="email"]', 'ben@example.org');
    await Promise.all([
      manager.waitForURL('**/organisation?changed=invited'),
      manager.locator('form[action="/organisation/invite"] button[type="submit"]').click(),
    ]);
    await ben.goto(mailedLink(lastMailTo(server.dataDir, 'ben@example.org'), '/organisation/join').href);
    await Promise.all([ben.waitForURL('**/organisation?changed=joined'), ben.locator('main form button[type="submit"]').click()]);
    assert.equal(await readsInFull(ben, server, first), true);
    assert.equal(await readsInFull(ben, server, second), true);

    // Over the limit: both seats are taken.
    const cleo = await register(browser, server, 'cleo@example.org');
    await proveAddress(cleo, server, 'cleo@northfield.example');
    assert.match(await cleo.locator('main').innerText(), /Every seat of this organisation is taken/);
    assert.equal(await readsInFull(cleo, server, first), false);

    // By IP range: a visitor on the campus's range, through the trusted proxy, without an account.
    const onSite = await (await browser.newContext({ viewport, extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.23' } })).newPage();
    assert.equal(await readsInFull(onSite, server, first), true);
    const offSite = await (await browser.newContext({ viewport, extraHTTPHeaders: { 'x-forwarded-for': '192.0.2.23' } })).newPage();
    assert.equal(await readsInFull(offSite, server, first), false);

    // The manager's page: seats used, members, and this month's reads (Ana one article, Ben two).
    let usage = '';
    for (let tries = 0; tries < 30 && !/\t2\t3$/m.test(usage); tries += 1) {
      await manager.goto(`${server.url}/organisation`);
      usage = await manager.locator('.organisation__usage tbody tr').first().innerText();
      if (!/\t2\t3$/m.test(usage)) await manager.waitForTimeout(200);
    }
    assert.match(usage, /\t2\t3$/m, `the report's first month: ${usage}`);
    const seats = await manager.locator('.organisation__seats').innerText();
    assert.match(seats, /2 of 2 seats taken/);
    const members = await manager.locator('.organisation__members').innerText();
    assert.match(members, /ana@example\.org\s+Work address/);
    assert.match(members, /ben@example\.org\s+Invitation/);
  });
});

describe('a server that trusts no proxy', () => {
  let plain: RunningServer | undefined;
  after(async () => plain?.stop());

  it('refuses a spoofed X-Forwarded-For naming the range', async () => {
    plain = await startDemoServer();
    const browser = demo.browser();
    const admin = await setUpAdmin(browser, plain);
    await createOrganisation(admin, plain);
    const spoofed = await (await browser.newContext({ viewport, extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.23' } })).newPage();
    const [first] = premium;
    assert.ok(first);
    assert.equal(await readsInFull(spoofed, plain, first), false);
  });
});
