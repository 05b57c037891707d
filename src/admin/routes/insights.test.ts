import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { plantDraft, plantLockedArticles } from '../../../test/planted-articles.ts';
import { createTestLedger } from '../../../test/insights.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { registerReader } from '../../accounts/register.ts';
import { findOpenCheckout, startCheckout } from '../../commerce/checkout.ts';
import type { CommerceContext } from '../../commerce/commerce-context.ts';
import { cancelSubscription } from '../../commerce/manage-subscription.ts';
import { recordPayment } from '../../commerce/payment-ledger.ts';
import { runSubscriptionJobs } from '../../commerce/subscription-jobs.ts';
import { payTestCheckout } from '../../commerce/test-mode/pay-test-checkout.ts';
import { createTestPaymentProvider } from '../../commerce/test-mode/test-provider.ts';
import type { InsightEvent } from '../../insights/insight-event.ts';
import { rollUpInsights } from '../../insights/insight-rollups.ts';
import { createMailer } from '../../mail/mailer.ts';

const at = (text: string) => new Date(`2026-${text}Z`);
const now = at('12-08T15:00:00');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, at('09-01T09:00:00'));
const harbour = await addArticle(db, seeded, { slug: 'harbour', headline: 'The harbour reopens', authors: ['reporter'] }, at('09-02T09:00:00'));
const review = await addArticle(db, seeded, { slug: 'review', section: 'culture', headline: 'A quiet film', authors: ['critic'] }, at('09-02T09:00:00'));
const planted = await plantLockedArticles(db, seeded, at('11-01T09:00:00'));
const draftToken = await plantDraft(db, seeded, at('11-01T09:00:00'));
await seedCatalogue(db, at('10-05T09:00:00'));
const app = await buildTestApp(database, { now: () => now });

// The commerce path records its own events in the ledger, beside those the test writes for the reader side.
const ledger = createTestLedger({ db, dialect });
const ctx: CommerceContext = {
  db,
  dialect,
  insights: ledger,
  provider: createTestPaymentProvider(),
  mailer: createMailer({ smtpUrl: null, from: 'news@example.org', outboxDir: path.join(mkdtempSync(path.join(tmpdir(), 'dateline-mail-')), 'outbox') }),
  publicUrl: new URL('https://news.example/'),
};

/** A reader who subscribes in test mode, paying with the test card. */
async function subscribe(name: string, offerSlug: string, when: Date): Promise<number> {
  const account = await registerReader(db, { email: `${name}@example.org`, name, password: 'a long passphrase' }, when);
  const { redirectUrl } = await startCheckout(ctx, { account, offerSlug, now: when });
  const checkout = await findOpenCheckout(db, { checkoutId: redirectUrl.split('/').at(-1) ?? '', accountId: account.id });
  assert.ok(checkout);
  const paid = await payTestCheckout(ctx, { checkout, cardNumber: '4242 4242 4242 4242', expiry: { month: 12, year: 2030 }, now: when });
  assert.equal(paid.kind, 'paid');
  return account.id;
}

// The commerce side, through the real test-mode paths: checkouts, renewals, a trial converting, a cancellation running out, a refund.
const ana = await subscribe('ana', 'intro', at('10-05T10:00:00'));
await subscribe('ben', 'trial', at('10-06T10:00:00'));
await subscribe('cy', 'intro', at('11-03T10:00:00'));
const dee = await subscribe('dee', 'limited', at('11-04T10:00:00'));
for (const day of ['10-21', '11-06']) await runSubscriptionJobs(ctx, at(`${day}T12:00:00`));
await cancelSubscription(ctx, { accountId: ana, now: at('11-10T09:00:00') });
for (const day of ['11-21', '12-04', '12-06', '12-07']) await runSubscriptionJobs(ctx, at(`${day}T12:00:00`));
const deeCharge = await db.selectFrom('payments').select(['id', 'amount_minor']).where('account_id', '=', dee).orderBy('id').executeTakeFirstOrThrow();
await recordPayment(db, {
  accountId: dee,
  subscriptionId: null,
  provider: 'test',
  providerPaymentId: null,
  kind: 'refund',
  status: 'succeeded',
  amountMinor: deeCharge.amount_minor,
  currency: 'USD',
  refundOf: deeCharge.id,
  occurredAt: at('11-12T09:00:00'),
});

// The reader side, through the ledger: an anonymous reader who registers and subscribes, two who only read, one in the period before.
const harbourRead = { article: { id: harbour, sectionId: seeded.sectionIds.world, authorId: seeded.authorIds.reporter } };
const reviewRead = { article: { id: review, sectionId: seeded.sectionIds.culture, authorId: seeded.authorIds.critic } };
const search = { visit: { source: 'search' as const, campaign: null } };
const events: InsightEvent[] = [
  { kind: 'article-read', access: 'free', reader: 'visitor:anon-1', at: at('11-02T08:00:00'), ...reviewRead, ...search },
  { kind: 'article-read', access: 'metered-counted', reader: 'visitor:anon-1', at: at('11-02T09:00:00'), ...harbourRead, ...search },
  { kind: 'wall-shown', wall: 'meter-exhausted', reader: 'visitor:anon-1', at: at('11-02T09:30:00'), ...search },
  { kind: 'registered', anonymousReader: 'visitor:anon-1', reader: 'account:1', at: at('11-02T09:40:00'), ...search },
  { kind: 'offer-chosen', reader: 'account:1', at: at('11-02T09:45:00'), offerId: 1 },
  { kind: 'checkout-started', reader: 'account:1', at: at('11-02T09:46:00'), offerId: 1 },
  { kind: 'subscription-started', isTrial: false, amountMinor: 300, currency: 'USD', reader: 'account:1', at: at('11-02T09:50:00'), offerId: 1, planId: 1 },
  { kind: 'article-read', access: 'free', reader: 'visitor:anon-2', at: at('11-03T10:00:00'), ...reviewRead },
  { kind: 'article-read', access: 'metered-counted', reader: 'visitor:anon-2', at: at('11-04T10:00:00'), ...harbourRead },
  { kind: 'article-read', access: 're-read', reader: 'visitor:anon-2', at: at('11-05T10:00:00'), ...harbourRead },
  { kind: 'article-read', access: 'entitled', reader: 'account:1', at: at('12-08T14:00:00'), ...reviewRead },
  { kind: 'article-read', access: 'free', reader: 'visitor:anon-9', at: at('10-10T10:00:00'), ...reviewRead },
  { kind: 'article-read', access: 'free', reader: null, at: at('11-20T10:00:00'), ...reviewRead },
];
// A reader who reads each locked article and subscribes: the articles are named on the page, their locked text never.
for (const [index, article] of [...planted.values()].entries()) {
  ledger.record({
    kind: 'article-read',
    access: 'metered-counted',
    reader: 'visitor:anon-7',
    at: at(`11-1${index}T10:00:00`),
    article: { id: article.id, sectionId: seeded.sectionIds.world, authorId: null },
  });
}
ledger.record({ kind: 'subscription-started', isTrial: true, amountMinor: 0, currency: 'USD', reader: 'visitor:anon-7', at: at('11-15T10:00:00') });
for (const event of events) ledger.record(event);
await ledger.close();

async function rollUpUntilDone(when: Date) {
  for (let pass = 0; pass < 5; pass += 1) await rollUpInsights(db, when);
}
await rollUpUntilDone(now);

const editor = await signedInCookie(db, 'editor', now);
const admin = await signedInCookie(db, 'admin', now);
const support = await signedInCookie(db, 'support', now);
const reader = await signedInCookie(db, 'reader', now);
const period = 'from=2026-11-01&to=2026-12-08';

async function csvOf(chart: string, cookie = editor.cookie): Promise<string[][]> {
  const response = await app.inject({ url: `/admin/insights.csv?chart=${chart}&${period}`, headers: { cookie } });
  assert.equal(response.statusCode, 200, response.body);
  assert.match(String(response.headers['content-type']), /^text\/csv/);
  assert.match(String(response.headers['content-disposition']), new RegExp(`attachment; filename="${chart}-2026-11-01-to-2026-12-08.csv"`));
  return response.body
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

const figureOf = (rows: string[][], label: string) => rows.find((row) => row[0] === label)?.[1];
const window = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-09T00:00:00.000Z' };

describe(`/admin/insights (${dialect})`, () => {
  it('opens to editors and administrators only', async () => {
    for (const { cookie, status } of [
      { cookie: editor.cookie, status: 200 },
      { cookie: admin.cookie, status: 200 },
      { cookie: support.cookie, status: 403 },
      { cookie: reader.cookie, status: 403 },
    ]) {
      assert.equal((await app.inject({ url: `/admin/insights?${period}`, headers: { cookie } })).statusCode, status);
      assert.equal((await app.inject({ url: `/admin/insights.csv?chart=funnel&${period}`, headers: { cookie } })).statusCode, status);
    }
    assert.equal((await app.inject({ url: '/admin/insights.csv?chart=funnel' })).statusCode, 303);
  });

  it('shows every chart drawn as SVG with its table and its CSV link, and no script but the admin’s own', async () => {
    const page = await app.inject({ url: `/admin/insights?${period}`, headers: { cookie: editor.cookie } });
    assert.equal(page.statusCode, 200);
    for (const chart of [
      'funnel',
      'readers-by-day',
      'sources',
      'offers',
      'subscriptions-by-article',
      'registrations-by-section',
      'revenue',
      'paying-by-day',
      'revenue-by-plan',
      'cohorts',
    ]) {
      assert.ok(page.body.includes(`href="/admin/insights.csv?chart=${chart}&amp;from=2026-11-01&amp;to=2026-12-08"`), chart);
    }
    assert.ok((page.body.match(/<svg class="chart/g) ?? []).length >= 8);
    assert.ok(page.body.includes('aria-labelledby="chart-funnel-title chart-funnel-desc"'));
    assert.deepEqual(page.body.match(/<script[^>]*>/g), ['<script src="/admin/assets/admin.js" defer>']);
    assert.ok(page.body.includes('The harbour reopens'));
    assert.ok(page.body.includes('<summary>The numbers: 38 rows</summary>'));
  });

  it('counts the funnel in distinct readers from the ledger, with the rates between steps', async () => {
    const rows = await csvOf('funnel');
    assert.deepEqual(rows[0], ['Step', 'Readers', 'Of the step before', 'Readers (previous period)', 'Of the step before (previous period)']);
    assert.deepEqual(
      rows.slice(1).map((row) => row.slice(0, 4)),
      [
        ['Readers', '4', '', '1'],
        ['Metered readers', '3', '0.7500', '0'],
        ['Hit the wall', '1', '0.3333', '0'],
        ['Chose an offer', '1', '1.0000', '0'],
        // The commerce path's own events: cy's and dee's checkouts this period, ana's and ben's before.
        ['Started a checkout', '3', '3.0000', '2'],
        ['Paid', '3', '1.0000', '2'],
      ],
    );
  });

  it('credits the subscription and the registration to what the reader read before, across the key they had before registering', async () => {
    assert.deepEqual(await csvOf('subscriptions-by-article'), [
      ['Article', 'Last read before', 'Read in the 30 days before'],
      ['The harbour reopens', '1', '1'],
      ['The premium piece', '1', '1'],
      ['A quiet film', '0', '1'],
      ['The metered piece', '0', '1'],
      ['The registered piece', '0', '1'],
    ]);
    const authors = await db.selectFrom('authors').select(['id', 'name']).execute();
    const nameOf = (id: number) => authors.find((author) => author.id === id)?.name;
    assert.deepEqual((await csvOf('registrations-by-author')).slice(1), [
      [nameOf(seeded.authorIds.reporter), '1', '1'],
      [nameOf(seeded.authorIds.critic), '0', '1'],
    ]);
  });

  it('gives revenue totals equal to the payment ledger’s and subscriber counts equal to the subscriptions’', async () => {
    const rows = await csvOf('revenue');
    const sum = async (kind: 'charge' | 'refund') =>
      Number(
        (
          await db
            .selectFrom('payments')
            .select((eb) => eb.fn.sum<number | string>('amount_minor').as('total'))
            .where('kind', '=', kind)
            .where('status', '=', 'succeeded')
            .where('occurred_at', '>=', window.from)
            .where('occurred_at', '<', window.to)
            .executeTakeFirstOrThrow()
        ).total ?? 0,
      );
    const charges = await db
      .selectFrom('payments')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('kind', '=', 'charge')
      .where('status', '=', 'succeeded')
      .where('occurred_at', '>=', window.from)
      .where('occurred_at', '<', window.to)
      .executeTakeFirstOrThrow();
    const [charged, refunded] = [await sum('charge'), await sum('refund')];
    assert.ok(charged > 0 && refunded > 0);
    assert.equal(figureOf(rows, 'Charged (USD)'), (charged / 100).toFixed(2));
    assert.equal(figureOf(rows, 'Refunded (USD)'), (refunded / 100).toFixed(2));
    assert.equal(figureOf(rows, 'Net revenue (USD)'), ((charged - refunded) / 100).toFixed(2));
    assert.equal(figureOf(rows, 'Charges taken'), String(Number(charges.count)));

    const paying = await db
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where((eb) => eb.or([eb('status', 'in', ['active', 'past_due']), eb.and([eb('status', '=', 'canceled'), eb('resume_to', '=', 'active')])]))
      .executeTakeFirstOrThrow();
    assert.equal(figureOf(rows, 'Paying subscribers at the end'), String(Number(paying.count)));
    const plans = await db
      .selectFrom('subscriptions')
      .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
      .select(['plans.price_minor', 'plans.billing_interval'])
      .where((eb) => eb.or([eb('status', 'in', ['active', 'past_due']), eb.and([eb('status', '=', 'canceled'), eb('resume_to', '=', 'active')])]))
      .execute();
    const mrr = plans.reduce((total, plan) => total + (plan.billing_interval === 'year' ? plan.price_minor / 12 : plan.price_minor), 0);
    assert.equal(figureOf(rows, 'Monthly recurring revenue at the end (USD)'), (Math.round(mrr) / 100).toFixed(2));
    const churned = await db
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', '=', 'expired')
      .where('ended_from', '=', 'subscription')
      .where('updated_at', '>=', window.from)
      .where('updated_at', '<', window.to)
      .executeTakeFirstOrThrow();
    assert.equal(Number(churned.count), 1);
    assert.equal(figureOf(rows, 'Churned (paying subscriptions ended)'), '1');
    assert.equal(figureOf(rows, 'Trial conversion'), '');
    assert.equal(figureOf(rows, 'Registrations'), '1');
  });

  it('splits the takings by plan and offer, adding up to the same totals', async () => {
    const rows = (await csvOf('revenue-by-plan')).slice(1);
    const net = rows.reduce((total, row) => total + Number(row[6]), 0);
    const revenue = await csvOf('revenue');
    assert.equal(net.toFixed(2), figureOf(revenue, 'Net revenue (USD)'));
    assert.ok(rows.some((row) => row[0] === 'Digital: Try 3 months for $9'));
  });

  it('keeps cohorts by month of start, the current month counted to now', async () => {
    const rows = await csvOf('cohorts');
    assert.deepEqual(
      rows.map((row) => row.slice(0, 4)),
      [
        ['Started in', 'Subscriptions', 'Month 0', 'Month 1'],
        ['2026-10', '2', '1.0000', '1.0000'],
        ['2026-11', '2', '1.0000', '1.0000'],
      ],
    );
  });

  it('answers a bad period with the reason and the form, and an unknown chart with 404', async () => {
    const page = await app.inject({ url: '/admin/insights?from=2026-12-01&to=2026-11-01', headers: { cookie: editor.cookie } });
    assert.equal(page.statusCode, 400);
    assert.ok(page.body.includes('start must come before its end'));
    assert.ok(page.body.includes('value="2026-12-01"'));
    assert.equal((await app.inject({ url: '/admin/insights?from=2027-01-01', headers: { cookie: editor.cookie } })).statusCode, 400);
    assert.equal((await app.inject({ url: '/admin/insights.csv?chart=nothing', headers: { cookie: editor.cookie } })).statusCode, 404);
    assert.equal((await app.inject({ url: '/admin/insights.csv?chart=funnel&to=tomorrow', headers: { cookie: editor.cookie } })).statusCode, 400);
    assert.equal((await app.inject({ url: '/admin/insights.csv?chart=<b>', headers: { cookie: editor.cookie } })).statusCode, 400);
  });

  it('names the articles read, and shows no locked text and no draft, on the page or in any CSV', async () => {
    const page = await app.inject({ url: `/admin/insights?${period}`, headers: { cookie: editor.cookie } });
    assert.ok(page.body.includes('The premium piece'));
    const csvs = await Promise.all(['subscriptions-by-article', 'subscriptions-by-section', 'registrations-by-article', 'funnel'].map((chart) => csvOf(chart)));
    for (const body of [page.body, ...csvs.flat(2)]) {
      for (const article of planted.values()) assert.ok(!body.includes(article.token), article.token);
      assert.ok(!body.includes(draftToken));
    }
  });

  it('rolls up the same numbers however often it runs, and leaves a final day alone', async () => {
    const before = await db.selectFrom('insight_daily_counts').selectAll().orderBy('day').orderBy('kind').execute();
    await rollUpUntilDone(new Date(now.getTime() + 60_000));
    const after = await db.selectFrom('insight_daily_counts').selectAll().orderBy('day').orderBy('kind').execute();
    assert.deepEqual(after.length, before.length);
    const days = await db.selectFrom('insight_rollup_days').select(['day', 'is_final']).orderBy('day').execute();
    // From the ledger's first event: ana's checkout.
    assert.equal(days[0]?.day, '2026-10-05');
    assert.deepEqual(
      days.filter((day) => day.is_final === 0).map((day) => day.day),
      ['2026-12-08'],
    );
    const months = await db.selectFrom('insight_monthly_readers').select('month').distinct().orderBy('month').execute();
    assert.deepEqual(
      months.map((row) => row.month),
      ['2026-10', '2026-11'],
    );
  });
});
