import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveMeterCookieKey, encodeMeterCookie, meterCookieName, newVisitor } from '../../access/meter-cookie.ts';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { insertGiftWithinAllowance } from '../../gifts/gift-link-repository.ts';
import { writeAccessSettings } from '../../settings/access-settings-repository.ts';

/**
 * "Gift this article", end to end through the reader site: a subscriber gives a premium article,
 * anyone with the link reads it in full (and only it), and every way a link can fail shows the
 * ordinary page with the reason.
 */
const start = new Date('2026-11-20T17:00:00Z');
let clock = start;
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, start);
await seedCatalogue(db, start);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();

const lockedBody = (word: string) => `An open first paragraph.\n\nA second open paragraph.\n\nBehind the wall: ${word} is here.\n\nMore of ${word}.`;
const premiumId = await addArticle(
  db,
  seeded,
  { slug: 'premium-piece', access: 'premium', headline: 'The premium piece', body: lockedBody('GIFTEDPREMIUMWORD') },
  start,
);
await addArticle(db, seeded, { slug: 'other-premium', access: 'premium', body: lockedBody('OTHERPREMIUMWORD') }, start);
await addArticle(db, seeded, { slug: 'metered-piece', access: 'metered', body: lockedBody('GIFTEDMETEREDWORD') }, start);
await addArticle(db, seeded, { slug: 'free-piece', access: 'free' }, start);

const app = await buildTestApp(database, { now: () => clock });
const secret = (await import('node:fs')).readFileSync(`${database.dataDir}/secret`, 'utf8').trim();

/** A browser signed in with the given Cookie header. */
function browserWith(cookie: string) {
  const browser = browserSession(app);
  const [name = '', ...value] = cookie.split('=');
  browser.cookies.set(name, value.join('='));
  return browser;
}

async function newSubscriber(name = 'Ana Lopes') {
  const { accountId, cookie } = await signedInCookie(db, 'reader', clock);
  await db.updateTable('accounts').set({ name }).where('id', '=', accountId).execute();
  await addActiveSubscription(db, { accountId, planId: plan.id, now: clock });
  return { accountId, cookie, browser: browserWith(cookie) };
}

/** Gives an article as the subscriber's browser does: the article page, then its "Gift this article" form. */
async function give(browser: ReturnType<typeof browserSession>, slug: string) {
  await browser.get(`/world/${slug}`);
  return browser.post('/account/gifts', { article: slug });
}

/** The gift link the page shown after giving holds, as a path on the site. */
function giftPathOf(given: { statusCode: number; body: string }): string {
  assert.equal(given.statusCode, 200);
  const link = given.body.match(/id="gift-link" value="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&') ?? '';
  const url = new URL(link, 'https://news.example');
  assert.ok(url.searchParams.get('gift'), `no gift token in ${link}`);
  return `${url.pathname}${url.search}`;
}

const giver = await newSubscriber();

describe(`gift links (${dialect})`, () => {
  let giftPath = '';

  it('offers a subscriber "Gift this article" and the month\'s count on a locked article, and nowhere else', async () => {
    const page = await giver.browser.get('/world/premium-piece');
    assert.match(page.body, /Gift this article/);
    assert.match(page.body, /You have 10 gifts left this month/);
    assert.match(page.body, /<form class="gift-panel__form" method="post" action="\/account\/gifts">/);
    const tools = page.body.slice(page.body.indexOf('<div class="article-tools">'), page.body.indexOf('class="article-body"'));
    assert.match(
      tools,
      /Share on[\s\S]*<form class="article-tools__gift" method="post" action="\/account\/gifts">[\s\S]*Gift this article/,
      'with the share links, above the body',
    );
    assert.ok(!(await giver.browser.get('/world/free-piece')).body.includes('Gift this article'));
    const registered = await signedInCookie(db, 'reader', clock);
    assert.ok(!(await app.inject({ url: '/world/premium-piece', headers: { cookie: registered.cookie } })).body.includes('Gift this article'));
    assert.ok(!(await app.inject({ url: '/world/premium-piece' })).body.includes('Gift this article'));
  });

  it('gives the subscriber a link to copy, and counts it', async () => {
    const given = await give(giver.browser, 'premium-piece');
    assert.equal(given.headers.location, undefined, 'the giver stays on a page of their own, not the gift address');
    giftPath = giftPathOf(given);
    assert.match(giftPath, /^\/world\/premium-piece\?gift=g1\./);
    assert.match(given.body, /Your gift link is ready/);
    assert.match(given.body, /<button class="button button--primary gift-panel__copy" type="button" data-copy="gift-link"[^>]*hidden>Copy link<\/button>/);
    assert.match(given.body, /<input [^>]*id="gift-link" [^>]*readonly/);
    assert.match(given.body, /You have 9 gifts left this month/);
    assert.match(given.body, /in full until [^<]* EST, up to 25 times\./);
    assert.match(given.body, /<meta name="robots" content="noindex, follow">/);
    assert.equal(given.headers['cache-control'], 'private, no-store');
    const shown = await giver.browser.get(giftPath);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Your gift link is ready/, 'the giver opening their own link still sees it to copy');
    assert.match((await giver.browser.get('/world/premium-piece')).body, /You have 9 gifts left this month/);
  });

  it('opens the premium article in full for a new anonymous reader, naming the giver and counting nothing on their meter', async () => {
    const response = await app.inject({ url: giftPath });
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes('GIFTEDPREMIUMWORD'));
    assert.ok(!/class="paywall/.test(response.body));
    assert.match(response.body, /Gifted to you by Ana, a subscriber/);
    assert.ok(!response.body.includes('@example.org'));
    assert.equal(response.headers['cache-control'], 'private, no-store');
    assert.match(response.body, /<meta name="robots" content="noindex">/);
    assert.match(response.body, /<link rel="canonical" href="https:\/\/news\.example\/world\/premium-piece">/);
    const cookies = [response.headers['set-cookie']].flat().join('\n');
    assert.ok(!cookies.includes(`${meterCookieName}=`), 'a gifted read does not touch the meter');
    assert.match(cookies, /dl_gifts=/);
  });

  it('counts one open per browser a day, however often it reloads', async () => {
    const reader = browserSession(app);
    await reader.get(giftPath);
    await reader.get(giftPath);
    await reader.get(giftPath);
    const { opens_count } = await db.selectFrom('gift_links').select('opens_count').where('article_id', '=', premiumId).executeTakeFirstOrThrow();
    assert.equal(Number(opens_count), 2, 'the first anonymous reader and this one');
  });

  it('says "a subscriber" when the giver has no name', async () => {
    const nameless = await newSubscriber('');
    const response = await app.inject({ url: giftPathOf(await give(nameless.browser, 'premium-piece')) });
    assert.match(response.body, /Gifted to you by a subscriber/);
  });

  it('opens a metered article for a reader over the meter, without counting it', async () => {
    const meterKey = deriveMeterCookieKey(secret);
    const spent = encodeMeterCookie({ meter: { period: '2026-11', articleIds: [9001, 9002, 9003] }, visitor: newVisitor() }, meterKey);
    const link = giftPathOf(await give(giver.browser, 'metered-piece'));
    const response = await app.inject({ url: link, headers: { cookie: `${meterCookieName}=${spent}` } });
    assert.ok(response.body.includes('GIFTEDMETEREDWORD'));
    assert.ok(![response.headers['set-cookie']].flat().join('\n').includes(`${meterCookieName}=`));
  });

  it("opens nothing on another article's address", async () => {
    const token = new URL(giftPath, 'https://news.example').searchParams.get('gift') ?? '';
    const response = await app.inject({ url: `/world/other-premium?gift=${encodeURIComponent(token)}` });
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes('OTHERPREMIUMWORD'));
    assert.match(response.body, /class="paywall/);
    assert.match(response.body, /This gift link is not valid/);
  });

  it('shows the ordinary page with the reason for a tampered, unknown or made-up link', async () => {
    const token = new URL(giftPath, 'https://news.example').searchParams.get('gift') ?? '';
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [tampered, 'nonsense', token.slice(0, 20), 'x'.repeat(1500)]) {
      const response = await app.inject({ url: `/world/premium-piece?gift=${encodeURIComponent(bad)}` });
      assert.equal(response.statusCode, 200);
      assert.ok(!response.body.includes('GIFTEDPREMIUMWORD'));
      assert.match(response.body, /This gift link is not valid/);
      assert.match(response.body, /class="paywall/);
      assert.equal(response.headers['cache-control'], 'private, no-store');
    }
  });

  it('shows the ordinary page with "expired" once the link is past its thirty days', async () => {
    clock = new Date(start.getTime() + 31 * 86_400_000);
    try {
      const response = await app.inject({ url: giftPath });
      assert.equal(response.statusCode, 200);
      assert.ok(!response.body.includes('GIFTEDPREMIUMWORD'));
      assert.match(response.body, /This gift link has expired/);
    } finally {
      clock = start;
    }
  });

  it('shows the ordinary page with "used up" once it has been opened as often as it allows', async () => {
    const link = giftPathOf(await give(giver.browser, 'premium-piece'));
    const token = new URL(link, 'https://news.example').searchParams.get('gift') ?? '';
    const { hashToken } = await import('../../accounts/tokens.ts');
    await db.updateTable('gift_links').set({ opens_count: 24 }).where('token_hash', '=', hashToken(token)).execute();
    const last = browserSession(app);
    assert.ok((await last.get(link)).body.includes('GIFTEDPREMIUMWORD'), 'the 25th open');
    const late = await app.inject({ url: link });
    assert.equal(late.statusCode, 200);
    assert.ok(!late.body.includes('GIFTEDPREMIUMWORD'));
    assert.match(late.body, /This gift link has been opened as many times as it allows/);
    assert.ok((await last.get(link)).body.includes('GIFTEDPREMIUMWORD'), 'the browser that opened it last can still reread it that day');
  });

  it("lists the giver's gifts on their account page, and revokes one from there", async () => {
    const account = await giver.browser.get('/account');
    assert.match(account.body, /Articles you gave/);
    assert.match(account.body, /The premium piece/);
    assert.match(account.body, /Opened 2 of 25 times/);
    const revokeUrl =
      account.body
        .match(/action="(\/account\/gifts\/\d+\/revoke)"/g)
        ?.at(-1)
        ?.slice(8, -1) ?? '';
    const first = await db.selectFrom('gift_links').select('id').orderBy('id').executeTakeFirstOrThrow();
    assert.ok(account.body.includes(`/account/gifts/${first.id}/revoke`));
    assert.ok(revokeUrl !== '');
    const revoked = await giver.browser.post(`/account/gifts/${first.id}/revoke`, {});
    assert.equal(revoked.statusCode, 303);
    assert.match((await giver.browser.get(String(revoked.headers.location))).body, /The gift link is revoked/);
    const response = await app.inject({ url: giftPath });
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes('GIFTEDPREMIUMWORD'));
    assert.match(response.body, /This gift link has been withdrawn by the subscriber who shared it/);
  });

  it("lets no one revoke another's link", async () => {
    const other = await newSubscriber('Bo');
    await other.browser.get('/account');
    const { id } = await db
      .selectFrom('gift_links')
      .select('id')
      .where('account_id', '=', giver.accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    assert.equal((await other.browser.post(`/account/gifts/${id}/revoke`, {})).statusCode, 404);
    const row = await db.selectFrom('gift_links').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.revoked_at, null);
  });

  it('refuses gifts to readers who are not subscribers, and of free articles', async () => {
    const registered = await signedInCookie(db, 'reader', clock);
    const reader = browserWith(registered.cookie);
    const refused = await give(reader, 'premium-piece');
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /Gift links are for subscribers/);
    const anonymous = browserSession(app);
    await anonymous.get('/login');
    const toLogIn = await anonymous.post('/account/gifts', { article: 'premium-piece' });
    assert.equal(toLogIn.statusCode, 303);
    assert.match(String(toLogIn.headers.location), /^\/login/);
    const free = await give(giver.browser, 'free-piece');
    assert.equal(free.statusCode, 400);
    assert.match(free.body, /free for everyone to read/);
  });

  it('refuses a gift past the monthly allowance, with the reason, and starts again next month', async () => {
    await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 2, giftsPerMonth: 2 }, clock);
    try {
      const subscriber = await newSubscriber('Cy');
      assert.equal((await give(subscriber.browser, 'premium-piece')).statusCode, 200);
      assert.equal((await give(subscriber.browser, 'other-premium')).statusCode, 200);
      const page = await subscriber.browser.get('/world/premium-piece');
      assert.match(page.body, /You have no gifts left this month/);
      assert.ok(!page.body.includes('<form class="gift-panel__form"'), 'no form to give another');
      const refused = await subscriber.browser.post('/account/gifts', { article: 'metered-piece' });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /You have given all your 2 gifts this month/);
      clock = new Date('2026-12-01T05:30:00Z');
      assert.match((await subscriber.browser.get('/world/premium-piece')).body, /You have 2 gifts left this month/);
    } finally {
      clock = start;
      await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 2, giftsPerMonth: 10 }, clock);
    }
  });

  it('takes its monthly allowance from the settings, which administrators change', async () => {
    const admin = browserWith((await signedInCookie(db, 'admin', clock)).cookie);
    const form = await admin.get('/admin/settings');
    assert.match(form.body, /name="giftsPerMonth" value="10"/);
    const fields = {
      name: 'The Test Gazette',
      tagline: '',
      locale: 'en-US',
      timeZone: 'America/New_York',
      anonymousLimit: '3',
      registeredLimit: '10',
      defaultPreviewBlocks: '2',
      gracePeriodDays: '7',
      trialReminderDays: '3',
    };
    const refused = await admin.post('/admin/settings', { ...fields, giftsPerMonth: '101' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /gifts a subscriber may give a month must be a whole number from 0 to 100/);
    assert.equal((await admin.post('/admin/settings', { ...fields, giftsPerMonth: '4' })).statusCode, 303);
    assert.equal((await admin.post('/admin/settings', fields)).statusCode, 303, 'a form without the field keeps it');
    const subscriber = await newSubscriber('Fay');
    assert.match((await subscriber.browser.get('/world/premium-piece')).body, /You have 4 gifts left this month/);
    assert.equal((await admin.post('/admin/settings', { ...fields, giftsPerMonth: '0' })).statusCode, 303);
    assert.ok(!(await subscriber.browser.get('/world/premium-piece')).body.includes('Gift this article'), 'no gifts: no panel');
    await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 2, giftsPerMonth: 10 }, clock);
  });

  it('never gives more than the allowance to parallel requests', async () => {
    await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 2, giftsPerMonth: 3 }, clock);
    try {
      const subscriber = await newSubscriber('Di');
      await subscriber.browser.get('/world/premium-piece');
      const answers = await Promise.all(Array.from({ length: 10 }, () => subscriber.browser.post('/account/gifts', { article: 'premium-piece' })));
      assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [200, 200, 200, 409, 409, 409, 409, 409, 409, 409]);
      const rows = await db.selectFrom('gift_links').select('id').where('account_id', '=', subscriber.accountId).execute();
      assert.equal(rows.length, 3);

      const direct = await newSubscriber('Ed');
      const inserted = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          insertGiftWithinAllowance(db, dialect, {
            accountId: direct.accountId,
            articleId: premiumId,
            tokenHash: `hash-${index}`,
            period: '2026-11',
            expiresAt: start,
            maxOpens: 25,
            allowance: 5,
            now: clock,
          }),
        ),
      );
      assert.equal(inserted.filter((id) => id !== null).length, 5);
    } finally {
      await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 2, giftsPerMonth: 10 }, clock);
    }
  });
});
