import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession, type BrowserSession } from '../../../../test/browser-session.ts';
import { seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { lastMailTo } from '../../../../test/outbox.ts';
import { registerThroughSite, signedInCookie } from '../../../../test/readers.ts';
import { saveOffer } from '../../../commerce/catalogue-repository.ts';
import type { CommerceContext } from '../../../commerce/commerce-context.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';
import { runSubscriptionJobs } from '../../../commerce/subscription-jobs.ts';
import { createTestPaymentProvider } from '../../../commerce/test-mode/test-provider.ts';
import { createMailer } from '../../../mail/mailer.ts';
import { openSession, sessionCookieName } from '../../../accounts/sessions.ts';
import { listReaderEvents } from '../../../readers/reader-events.ts';
import { writeRetentionSettings } from '../../../retention/retention-repository.ts';
import { createTestLedger } from '../../../../test/insights.ts';

let clock = new Date('2026-11-20T17:00:00Z');
const day = 24 * 60 * 60 * 1000;
const database = await openTestDatabase();
const { db } = database;
const seeded = await seedPublication(db, clock);
await seedCatalogue(db, clock);
await saveOffer(
  db,
  {
    slug: 'monthly',
    planSlug: 'digital',
    headline: 'Digital, monthly',
    copy: '',
    terms: { kind: 'standard' },
    startsAt: null,
    endsAt: null,
    redemptionCap: null,
    isRetired: false,
  },
  clock,
);
await addArticle(db, seeded, { slug: 'premium-piece', access: 'premium', body: 'Open one.\n\nOpen two.\n\nSUBSCRIBERS-ONLY ending.' }, clock);
const app = await buildTestApp(database, { now: () => clock });
const ctx: CommerceContext = {
  db,
  dialect: database.dialect,
  provider: createTestPaymentProvider(),
  mailer: createMailer({ smtpUrl: null, from: 'news@example.org', outboxDir: path.join(database.dataDir, 'outbox') }),
  publicUrl: new URL('https://news.example/'),
  insights: createTestLedger({ db, dialect: database.dialect }),
};
const card = { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' };
let readers = 0;

/**
 * A reader at a browser, counting what they do: each link followed and each form sent is one
 * step; the redirects a step leads through are followed without counting, as a browser does.
 */
function countingReader(browser: BrowserSession) {
  let steps = 0;
  async function settle(response: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    let answer = response;
    while (answer.statusCode >= 300 && answer.statusCode < 400) answer = await browser.get(String(answer.headers.location));
    return answer;
  }
  return {
    get steps() {
      return steps;
    },
    async follow(page: LightMyRequestResponse, href: RegExp) {
      const link = page.body.match(new RegExp(`href="(${href.source})"`))?.[1];
      assert.ok(link, `no link to ${href} on the page`);
      steps += 1;
      return settle(await browser.get(link.replaceAll('&amp;', '&')));
    },
    async submit(page: LightMyRequestResponse, action: RegExp, fields: Record<string, string>) {
      const target = page.body.match(new RegExp(`<form[^>]*action="(${action.source})"`))?.[1];
      assert.ok(target, `no form to ${action} on the page`);
      steps += 1;
      return settle(await browser.post(target.replaceAll('&amp;', '&'), fields));
    },
  };
}

async function newReader() {
  readers += 1;
  const email = `leaver${readers}@example.org`;
  const browser = browserSession(app);
  await registerThroughSite(browser, database.dataDir, { email, password: 'a long passphrase' });
  const account = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { browser, email, accountId: account.id };
}

/** Subscribes from the offers page as a signed-in reader does, and says how many steps it took. */
async function subscribe(browser: BrowserSession): Promise<number> {
  const reader = countingReader(browser);
  const offers = await browser.get('/offers');
  const payPage = await reader.submit(offers, /\/checkout/, { offer: 'monthly' });
  assert.match(payPage.body, /Total due today: \$15/);
  const account = await reader.submit(payPage, /\/checkout\/test\/[^"]+/, card);
  assert.match(account.body, /Your subscription has started/);
  return reader.steps;
}

/** Cancels from the account page, declining any offer; the steps it took and the page it ended on. */
async function cancel(browser: BrowserSession, decision: 'cancel' | 'stay', said: Record<string, string> = {}) {
  const reader = countingReader(browser);
  const account = await browser.get('/account');
  const page = await reader.follow(account, /\/account\/subscription\/cancel/);
  assert.equal(page.statusCode, 200);
  const offer = page.body.match(/name="offer" value="([^"]*)"/)?.[1] ?? '';
  const done = await reader.submit(page, /\/account\/subscription\/cancel/, { ...said, offer, decision });
  return { steps: reader.steps, page, done };
}

/** A browser holding a session cookie, kept in its jar beside the cookies the site sets. */
function signedInBrowser(cookie: string): BrowserSession {
  const browser = browserSession(app);
  const [name = '', value = ''] = cookie.split('=', 2);
  browser.cookies.set(name, value);
  return browser;
}

async function reasonsOf(accountId: number) {
  const rows = await db
    .selectFrom('cancellation_reasons')
    .select(['reason', 'comment', 'offer_kind', 'outcome'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...row }));
}

/** Signs the reader in again at the clock's time: weeks on, their first session has run out. */
async function signInAgain(browser: BrowserSession, accountId: number) {
  const { token } = await openSession(db, accountId, clock);
  browser.cookies.set(sessionCookieName, token);
}

describe(`cancelling, with one chance to stay (${database.dialect})`, () => {
  it('takes no more steps than subscribing did, with no offer set and with one', async () => {
    for (const settings of [{ offer: null }, { offer: { kind: 'discount', percentOff: 50, periods: 3 } } as const]) {
      await writeRetentionSettings(db, settings, clock);
      const { browser } = await newReader();
      const subscribing = await subscribe(browser);
      const cancelling = await cancel(browser, 'cancel');
      assert.equal(subscribing, 2);
      assert.ok(cancelling.steps <= subscribing, `cancelling took ${cancelling.steps} steps, subscribing ${subscribing}`);
      assert.match(cancelling.done.body, /Your subscription is canceled/);
      assert.equal(cancelling.page.body.includes('Stay for 50% off'), settings.offer !== null);
    }
  });

  it('asks why, shows the offer, and cancels when the reader declines it: the reason is recorded for the audience team', async () => {
    await writeRetentionSettings(db, { offer: { kind: 'discount', percentOff: 50, periods: 3 } }, clock);
    const { browser, accountId } = await newReader();
    await subscribe(browser);
    const { page, done } = await cancel(browser, 'cancel', { reason: 'too-expensive', comment: 'Fifteen dollars is a lot.' });
    const order = [
      'Why are you cancelling?',
      'Stay for 50% off your next 3 months',
      'Your next payment is $7.50 instead of $15',
      'No thanks, cancel my subscription',
    ];
    const positions = order.map((text) => page.body.indexOf(text));
    assert.ok(
      positions.every((position) => position > 0),
      JSON.stringify(positions),
    );
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      'reason, then offer, then confirmation',
    );
    assert.match(done.body, /Your full access continues until December 20, 2026/);
    assert.deepEqual(await reasonsOf(accountId), [
      { reason: 'too-expensive', comment: 'Fifteen dollars is a lot.', offer_kind: 'discount', outcome: 'canceled' },
    ]);
    const [event] = await listReaderEvents(db, accountId);
    assert.deepEqual(
      { kind: event?.kind, ...(event?.kind === 'canceled' ? { reason: event.reason, atPeriodEnd: event.atPeriodEnd } : {}) },
      {
        kind: 'canceled',
        reason: 'It costs too much: Fifteen dollars is a lot.',
        atPeriodEnd: true,
      },
    );
    assert.equal((await findLatestSubscription(db, accountId))?.state.status, 'canceled');
  });

  it('applies an accepted discount to the next renewals in test mode, then the full price; the offer is never shown again', async () => {
    await writeRetentionSettings(db, { offer: { kind: 'discount', percentOff: 50, periods: 2 } }, clock);
    const { browser, email, accountId } = await newReader();
    await subscribe(browser);
    const { done } = await cancel(browser, 'stay', { reason: 'too-expensive' });
    assert.match(done.body, /Thank you for staying/);
    assert.match(done.body, /Your 50% discount applies to your next 2 payments/);
    assert.match(done.body, /Next charge: \$7\.50 on December 20, 2026/);
    assert.equal((await findLatestSubscription(db, accountId))?.state.status, 'active');
    assert.deepEqual(await reasonsOf(accountId), [{ reason: 'too-expensive', comment: null, offer_kind: 'discount', outcome: 'stayed' }]);
    assert.equal((await listReaderEvents(db, accountId))[0]?.kind, 'retention-offer-accepted');

    const charges: string[] = [];
    for (const renewal of [1, 2, 3]) {
      const subscription = await findLatestSubscription(db, accountId);
      assert.ok(subscription);
      await runSubscriptionJobs(ctx, new Date(subscription.state.currentPeriodEnd.getTime() + 60_000));
      charges.push(lastMailTo(database.dataDir, email).match(/payment of (\$[\d.]+)/)?.[1] ?? `none at renewal ${renewal}`);
    }
    assert.deepEqual(charges, ['$7.50', '$7.50', '$15']);

    // Cancelling again: no second chance, straight to the confirmation.
    const again = await cancel(browser, 'cancel');
    assert.doesNotMatch(again.page.body, /Stay for|<section class="retention-offer/);
    assert.match(again.page.body, /Cancel my subscription/);
    assert.equal((await reasonsOf(accountId)).at(-1)?.offer_kind, null);
  });

  it('pauses the payments when the reader takes a pause: no charge until it ends, reading all the while', async () => {
    await writeRetentionSettings(db, { offer: { kind: 'pause', months: 2 } }, clock);
    const { browser, email, accountId } = await newReader();
    await subscribe(browser);
    const { page, done } = await cancel(browser, 'stay');
    assert.match(page.body, /Pause your payments for 2 months instead/);
    assert.match(page.body, /pay nothing until February 20, 2027/);
    assert.match(done.body, /Your payments are paused: nothing is charged until February 20, 2027/);
    assert.match(done.body, /Next charge: \$15 on February 20, 2027/);
    const receipts = () => lastMailTo(database.dataDir, email).match(/payment of (\$[\d.]+)/)?.[1];
    assert.equal(receipts(), '$15');

    const periodEnd = new Date('2026-12-20T17:00:00Z');
    await runSubscriptionJobs(ctx, new Date(periodEnd.getTime() + 60_000));
    const paused = await findLatestSubscription(db, accountId);
    assert.equal(paused?.state.status, 'active');
    assert.deepEqual(paused?.state.currentPeriodEnd, new Date('2027-02-20T17:00:00Z'));
    const before = clock;
    clock = new Date('2027-01-15T12:00:00Z');
    await signInAgain(browser, accountId);
    assert.ok((await browser.get('/world/premium-piece')).body.includes('SUBSCRIBERS-ONLY'), 'reads during the pause');
    clock = before;
    const mailsDuringPause = lastMailTo(database.dataDir, email);
    assert.doesNotMatch(mailsDuringPause, /payment of \$0/);

    await runSubscriptionJobs(ctx, new Date('2027-02-20T17:01:00Z'));
    assert.equal(receipts(), '$15');
    assert.deepEqual((await findLatestSubscription(db, accountId))?.state.currentPeriodEnd, new Date('2027-03-20T17:00:00Z'));
  });

  it('restarts an ended subscription at the same plan in one step, charged to the card on file', async () => {
    await writeRetentionSettings(db, { offer: null }, clock);
    const { browser, email, accountId } = await newReader();
    await subscribe(browser);
    await cancel(browser, 'cancel');
    const ended = await findLatestSubscription(db, accountId);
    assert.ok(ended);
    await runSubscriptionJobs(ctx, new Date(ended.state.currentPeriodEnd.getTime() + 60_000));
    assert.equal((await findLatestSubscription(db, accountId))?.state.status, 'expired');

    const before = clock;
    clock = new Date(ended.state.currentPeriodEnd.getTime() + day);
    await signInAgain(browser, accountId);
    const reader = countingReader(browser);
    const account = await browser.get('/account');
    assert.match(account.body, /Starts Digital, \$15 a month again today/);
    const restarted = await reader.submit(account, /\/account\/subscription\/resubscribe/, {});
    assert.equal(reader.steps, 1);
    assert.match(restarted.body, /Welcome back/);
    const subscription = await findLatestSubscription(db, accountId);
    assert.notEqual(subscription?.id, ended.id);
    assert.equal(subscription?.planId, ended.planId);
    assert.equal(subscription?.state.status, 'active');
    assert.deepEqual(subscription?.state.currentPeriodEnd, new Date('2027-01-21T17:00:00Z'));
    assert.match(lastMailTo(database.dataDir, email), /payment of \$15/);
    const ledger = await db
      .selectFrom('payments')
      .select(['amount_minor', 'kind'])
      .where('subscription_id', '=', subscription?.id ?? 0)
      .execute();
    assert.deepEqual(
      ledger.map((row) => ({ ...row })),
      [{ amount_minor: 1500, kind: 'charge' }],
    );
    assert.equal((await listReaderEvents(db, accountId))[0]?.kind, 'resubscribed');
    assert.ok((await browser.get('/world/premium-piece')).body.includes('SUBSCRIBERS-ONLY'));
    clock = before;
  });

  it('sends a reader whose card on file declines to choose an offer instead, starting nothing', async () => {
    const { browser, accountId } = await newReader();
    await subscribe(browser);
    await cancel(browser, 'cancel');
    const ended = await findLatestSubscription(db, accountId);
    assert.ok(ended);
    await runSubscriptionJobs(ctx, new Date(ended.state.currentPeriodEnd.getTime() + 60_000));
    await db.updateTable('test_payment_methods').set({ is_declining: 1 }).where('account_id', '=', accountId).execute();
    await browser.get('/account');
    const answer = await browser.post('/account/subscription/resubscribe', {});
    assert.equal(answer.headers.location, '/offers');
    assert.equal((await findLatestSubscription(db, accountId))?.id, ended.id);
  });

  it('keeps what the reader wrote when the comment is too long, and records nothing', async () => {
    const { browser, accountId } = await newReader();
    await subscribe(browser);
    await browser.get('/account/subscription/cancel');
    const answer = await browser.post('/account/subscription/cancel', {
      reason: 'away',
      comment: `${'Long. '.repeat(200)}`,
      decision: 'cancel',
      offer: 'none',
    });
    assert.equal(answer.statusCode, 400);
    assert.match(answer.body, /Please keep it to 1000 characters/);
    assert.match(answer.body, /Long\. Long\./);
    assert.deepEqual(await reasonsOf(accountId), []);
    assert.equal((await findLatestSubscription(db, accountId))?.state.status, 'active');
  });

  it('shows the offer again, not a different one, when it changed while the reader decided', async () => {
    await writeRetentionSettings(db, { offer: { kind: 'discount', percentOff: 50, periods: 3 } }, clock);
    const { browser, accountId } = await newReader();
    await subscribe(browser);
    await browser.get('/account/subscription/cancel');
    await writeRetentionSettings(db, { offer: { kind: 'discount', percentOff: 90, periods: 12 } }, clock);
    const answer = await browser.post('/account/subscription/cancel', { decision: 'stay', offer: 'discount:50:3' });
    assert.equal(answer.statusCode, 409);
    assert.match(answer.body, /The offer has changed/);
    assert.match(answer.body, /Stay for 90% off your next 12 months/);
    assert.equal(await db.selectFrom('retention_redemptions').select('id').where('account_id', '=', accountId).executeTakeFirst(), undefined);
  });

  it('sends a reader with nothing to cancel back to the account page', async () => {
    const { browser } = await newReader();
    const page = await browser.get('/account/subscription/cancel');
    assert.equal(page.headers.location, '/account?changed=unchanged');
  });
});

describe(`the retention offer's settings (${database.dialect})`, () => {
  it('are an administrator’s: set, audited, and shown beside why readers cancel', async () => {
    const admin = await signedInCookie(db, 'admin', clock);
    const browser = signedInBrowser(admin.cookie);
    const page = await browser.get('/admin/retention');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /It costs too much/);
    const bad = await browser.post('/admin/retention', { kind: 'pause', months: '6' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The pause must be a whole number from 1 to 3/);
    const saved = await browser.post('/admin/retention', { kind: 'pause', months: '3', percentOff: '', periods: '' });
    assert.equal(saved.headers.location, '/admin/retention?saved=1');
    const shown = await browser.get('/admin/retention?saved=1');
    assert.match(shown.body, /value="pause" checked/);
    const audit = await db.selectFrom('audit_log').select(['action', 'detail']).where('account_id', '=', admin.accountId).execute();
    assert.deepEqual(
      audit.map((row) => ({ ...row })),
      [{ action: 'set the retention offer', detail: 'a pause of 3 months' }],
    );

    const editor = await signedInCookie(db, 'editor', clock);
    assert.equal((await signedInBrowser(editor.cookie).get('/admin/retention')).statusCode, 403);
  });
});
