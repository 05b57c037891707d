import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../../test/app.ts';
import { browserSession } from '../../../../test/browser-session.ts';
import { seedCatalogue } from '../../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../../test/database.ts';
import { registerThroughSite } from '../../../../test/readers.ts';
import { saveOffer, savePlan } from '../../../commerce/catalogue-repository.ts';
import { listPaymentsOf } from '../../../commerce/payment-ledger.ts';
import { findLatestSubscription } from '../../../commerce/subscription-repository.ts';

const subscribedAt = new Date('2026-11-20T17:00:00Z');
/** Halfway through the first 30-day period, which ends on December 20. */
const halfway = new Date('2026-12-05T17:00:00Z');
let clock = subscribedAt;
const database = await openTestDatabase();
const { db } = database;
await seedCatalogue(db, clock);
const common = { copy: '', terms: { kind: 'standard' }, startsAt: null, endsAt: null, redemptionCap: null, isRetired: false } as const;
await saveOffer(db, { ...common, slug: 'monthly', planSlug: 'digital', headline: 'Digital, monthly' }, clock);
const plan = { benefits: ['Every article'], currency: 'USD', interval: 'month', isActive: true } as const;
await savePlan(db, { ...plan, slug: 'premium', name: 'Premium', priceMinor: 2500 }, clock);
await savePlan(db, { ...plan, slug: 'lite', name: 'Lite', priceMinor: 1000 }, clock);
const app = await buildTestApp(database, { now: () => clock });
const card = { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' };
let readers = 0;

async function subscriber() {
  readers += 1;
  const email = `changer${readers}@example.org`;
  const browser = browserSession(app);
  clock = subscribedAt;
  await registerThroughSite(browser, database.dataDir, { email, password: 'a long passphrase' });
  await browser.get('/offers');
  const checkout = await browser.post('/checkout', { offer: 'monthly' });
  const payPage = await browser.get(String(checkout.headers.location));
  const payUrl = payPage.body.match(/<form[^>]*action="(\/checkout\/test\/[^"]+)"/)?.[1];
  assert.ok(payUrl);
  assert.equal((await browser.post(payUrl, card)).statusCode, 303);
  const account = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { browser, accountId: account.id };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe(`changing plans from the account page (${database.dialect})`, () => {
  it('lists the other plans with what each costs now and from when, confirms one, and charges the upgrade', async () => {
    const { browser, accountId } = await subscriber();
    clock = halfway;
    const account = await browser.get('/account');
    assert.match(account.body, /href="\/account\/subscription\/plan"/);
    const list = text((await browser.get('/account/subscription/plan')).body);
    assert.match(list, /Premium, \$25 a month .*You pay \$5 today; from December 20 you pay \$25 a month/);
    assert.match(list, /Lite, \$10 a month .*From December 20 you move to Lite at \$10 a month; until then you keep Digital/);
    assert.doesNotMatch(list, /Print bundle/, 'a plan no longer on sale is not offered');

    const confirm = await browser.get('/account/subscription/plan?plan=premium');
    assert.match(text(confirm.body), /Confirm your new plan .*You pay \$5 today/);
    const done = await browser.post('/account/subscription/plan', { plan: 'premium' });
    assert.equal(done.headers.location, '/account?changed=plan-changed');
    const after = text((await browser.get('/account?changed=plan-changed')).body);
    assert.match(after, /You are now on Premium\. You paid \$5 today; from December 20 you pay \$25 a month\./);
    assert.equal(
      (await findLatestSubscription(db, accountId))?.planId,
      (await db.selectFrom('plans').select('id').where('slug', '=', 'premium').executeTakeFirstOrThrow()).id,
    );
    assert.deepEqual(
      (await listPaymentsOf(db, accountId)).map((payment) => payment.amountMinor),
      [500, 1500],
    );
  });

  it('schedules a downgrade, shows it on the account page, and lets the reader call it off', async () => {
    const { browser, accountId } = await subscriber();
    clock = halfway;
    const done = await browser.post('/account/subscription/plan', { plan: 'lite' });
    assert.equal(done.headers.location, '/account?changed=plan-scheduled');
    const account = text((await browser.get('/account?changed=plan-scheduled')).body);
    assert.match(account, /Your change is scheduled: from December 20 you move to Lite at \$10 a month\./);
    assert.match(account, /Digital .*Next charge: \$10 on December 20, 2026\./, "the renewal is at the new plan's price");
    assert.match(account, /From December 20 you move to Lite at \$10 a month; until then you keep Digital\. Cancel this change/);
    const refused = await browser.post('/account/subscription/plan', { plan: 'premium' });
    assert.equal(refused.statusCode, 409);
    assert.match(text(refused.body), /A change of plan is already scheduled; cancel it first/);

    const kept = await browser.post('/account/subscription/plan/withdraw', {});
    assert.equal(kept.headers.location, '/account?changed=plan-kept');
    assert.doesNotMatch(text((await browser.get('/account')).body), /you move to Lite/);
    assert.deepEqual(
      (await listPaymentsOf(db, accountId)).map((payment) => payment.amountMinor),
      [1500],
    );
  });

  it('refuses a form without its CSRF token, an unknown plan, and a reader with nothing to change', async () => {
    const { browser } = await subscriber();
    clock = halfway;
    assert.equal((await browser.post('/account/subscription/plan', { plan: 'premium' }, { withCsrf: false })).statusCode, 403);
    assert.equal((await browser.post('/account/subscription/plan', { plan: 'no-such-plan' })).statusCode, 404);
    assert.equal((await browser.post('/account/subscription/plan', { plan: 'Not A Slug!' })).statusCode, 400);
    const stranger = browserSession(app);
    await registerThroughSite(stranger, database.dataDir, { email: 'nobody@example.org', password: 'a long passphrase' });
    assert.equal((await stranger.get('/account/subscription/plan')).headers.location, '/account?changed=unchanged');
    assert.equal((await browserSession(app).get('/account/subscription/plan')).statusCode, 303, 'a visitor is sent to log in');
  });
});
