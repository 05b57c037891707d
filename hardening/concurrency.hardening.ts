import type { LightMyRequestResponse } from 'fastify';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { insertAccount } from '../src/accounts/account-repository.ts';
import { registerReader } from '../src/accounts/register.ts';
import { openSession, sessionCookieName } from '../src/accounts/sessions.ts';
import { publishDueArticles } from '../src/content/publish-due-articles.ts';
import { findOpenCheckout, startCheckout } from '../src/commerce/checkout.ts';
import type { CommerceContext } from '../src/commerce/commerce-context.ts';
import { runSubscriptionJobs } from '../src/commerce/subscription-jobs.ts';
import { applyDuePlanChanges, changePlan } from '../src/commerce/change-plan.ts';
import { savePlan } from '../src/commerce/catalogue-repository.ts';
import { storeTestCard } from '../src/commerce/test-mode/test-card-on-file.ts';
import { addActiveSubscription } from '../test/commerce-fixtures.ts';
import { payTestCheckout } from '../src/commerce/test-mode/pay-test-checkout.ts';
import { createTestPaymentProvider } from '../src/commerce/test-mode/test-provider.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { writeAccessSettings } from '../src/settings/access-settings-repository.ts';
import { buildTestApp } from '../test/app.ts';
import { browserSession } from '../test/browser-session.ts';
import { seedCatalogue } from '../test/commerce-fixtures.ts';
import { addArticle, seedPublication } from '../test/content-fixtures.ts';
import { openTestDatabase } from '../test/database.ts';
import { recordFigure } from './figures.ts';
import { createTestLedger } from '../test/insights.ts';
import { plantOrganisation } from '../test/organisation-fixtures.ts';
import { inviteReader } from '../src/organisations/organisation-links.ts';
import { deriveRedemptionCodeKey, signRedemptionCode } from '../src/gift-subscriptions/redemption-code.ts';
import { plantGiftSubscription } from '../test/gift-subscription-fixtures.ts';

/**
 * What happens when the same thing is asked twice at once, on two app instances sharing one
 * database: each case has one defined outcome, whichever request wins.
 */
const now = new Date();
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 10 }, defaultPreviewBlocks: 1 }, now);
// Two instances of the app on one database, as behind a load balancer.
const instances = [await buildTestApp(database), await buildTestApp(database)] as const;
const instance = (index: number): (typeof instances)[0] => instances[index % 2] ?? instances[0];

describe(`two instances at once (${dialect})`, () => {
  it('grant a registered reader exactly their limit, however many articles they open at once', async () => {
    const slugs: string[] = [];
    for (let index = 0; index < 25; index += 1) {
      await addArticle(db, seeded, { slug: `parallel-${index}`, headline: `Parallel ${index}`, body: 'Open.\n\nLocked ending.' }, now);
      slugs.push(`parallel-${index}`);
    }
    let requests = 0;
    for (let round = 0; round < 4; round += 1) {
      const accountId = await insertAccount(db, { email: `parallel-${round}@example.org`, name: '', passwordHash: null, role: 'reader', now });
      const cookie = `${sessionCookieName}=${(await openSession(db, accountId, now)).token}`;
      // Every article twice, on both instances, all at once.
      const pages = await Promise.all(
        [...slugs, ...slugs].map((slug, index) =>
          instance(index)
            .inject({ url: `/world/${slug}`, headers: { cookie } })
            .then((page) => ({ slug, page })),
        ),
      );
      requests += pages.length;
      const readInFull = new Set(pages.filter(({ page }) => page.body.includes('Locked ending.')).map(({ slug }) => slug));
      const recorded = await db.selectFrom('meter_reads').select('article_id').where('account_id', '=', accountId).execute();
      assert.ok(pages.every(({ page }) => page.statusCode === 200));
      assert.equal(recorded.length, 10, 'exactly the limit is recorded');
      assert.equal(readInFull.size, 10, 'exactly the recorded articles were shown in full');
    }
    recordFigure('Concurrency', 'parallel meter reads', requests);
  });

  it('take one payment for a checkout submitted twice at once', async () => {
    let submissions = 0;
    for (let round = 0; round < 4; round += 1) {
      const browser = browserSession(instances[0]);
      const account = await registerReader(db, { email: `double-${round}@example.org`, name: '', password: 'a long passphrase' }, now);
      browser.cookies.set(sessionCookieName, (await openSession(db, account.id, now)).token);
      await browser.get('/offers');
      const started = await browser.post('/checkout', { offer: 'intro' });
      const checkoutPath = String(started.headers.location);
      await browser.get(checkoutPath);
      // The same form, sent twice by an impatient reader, landing on both instances.
      const second = browserSession(instances[1]);
      for (const [name, value] of browser.cookies) second.cookies.set(name, value);
      await second.get(checkoutPath);
      const answers = await Promise.all([
        browser.post(checkoutPath, { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' }),
        second.post(checkoutPath, { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' }),
      ]);
      submissions += answers.length;
      assert.ok(
        answers.every((answer) => answer.statusCode < 500),
        `answers: ${answers.map((answer) => answer.statusCode).join(', ')}`,
      );
      const subscriptions = await db.selectFrom('subscriptions').select('id').where('account_id', '=', account.id).execute();
      assert.equal(subscriptions.length, 1, 'one subscription');
    }
    recordFigure('Concurrency', 'double-submitted checkouts', submissions);
  });

  it("keep one of two editors' saves of one article and give the other a conflict with their text back", async () => {
    const editors: ReturnType<typeof browserSession>[] = [];
    for (const index of [0, 1]) {
      const accountId = await insertAccount(db, { email: `editor-${index}@example.org`, name: `Editor ${index}`, passwordHash: null, role: 'editor', now });
      const browser = browserSession(instance(index));
      browser.cookies.set(sessionCookieName, (await openSession(db, accountId, now)).token);
      editors.push(browser);
    }
    const [first, second] = editors;
    assert.ok(first && second);
    const articleId = await addArticle(db, seeded, { slug: 'contested', headline: 'Contested', status: 'draft', publishedAt: null }, now);
    const form = (headline: string) => ({
      headline,
      standfirst: 'Two editors at once.',
      slug: 'contested',
      sectionId: String(seeded.sectionIds.world),
      authorIds: String(seeded.authorIds.reporter),
      dateline: 'Rotterdam',
      access: 'metered',
      previewBlockCount: '1',
      sponsorId: '',
      bodyMarkdown: `${headline}, in full.`,
      publishAt: '',
      version: '0',
      intent: 'save',
    });
    let saves = 0;
    for (let round = 0; round < 3; round += 1) {
      const version = (await db.selectFrom('articles').select('revision').where('id', '=', articleId).executeTakeFirstOrThrow()).revision;
      await Promise.all([first.get(`/admin/articles/${articleId}`), second.get(`/admin/articles/${articleId}`)]);
      const answers: LightMyRequestResponse[] = await Promise.all([
        first.post(`/admin/articles/${articleId}/autosave`, { ...form(`First editor headline ${round}`), version: String(version) }),
        second.post(`/admin/articles/${articleId}/autosave`, { ...form(`Second editor headline ${round}`), version: String(version) }),
      ]);
      saves += answers.length;
      assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [200, 409], 'one save, one conflict');
      const stored = await db.selectFrom('articles').select(['headline', 'revision']).where('id', '=', articleId).executeTakeFirstOrThrow();
      assert.equal(stored.revision, version + 1);
      const winner = answers.findIndex((answer) => answer.statusCode === 200);
      assert.equal(stored.headline, winner === 0 ? `First editor headline ${round}` : `Second editor headline ${round}`);
    }
    recordFigure('Concurrency', 'simultaneous saves of one article', saves);
  });

  it('take the last seat of an organisation once when two invited readers accept at once', async () => {
    const manager = await insertAccount(db, { email: 'seat-manager@example.org', name: 'Manager', passwordHash: null, role: 'admin', now });
    let acceptances = 0;
    for (let round = 0; round < 4; round += 1) {
      const organisationId = await plantOrganisation(db, now, { name: `Last seat ${round}`, seats: '1' });
      const invited = await Promise.all(
        [0, 1].map(async (index) => {
          const email = `last-seat-${round}-${index}@example.org`;
          const accountId = await insertAccount(db, { email, name: '', passwordHash: null, role: 'reader', now });
          const { token } = await inviteReader(db, { organisationId, email, invitedBy: manager, now });
          const browser = browserSession(instance(index));
          browser.cookies.set(sessionCookieName, (await openSession(db, accountId, now)).token);
          await browser.get(`/organisation/join?token=${token}`);
          return { browser, token };
        }),
      );
      // Both press "Join" at the same moment, each on an instance of its own.
      const answers = await Promise.all(invited.map(({ browser, token }) => browser.post('/organisation/join', { token })));
      acceptances += answers.length;
      const statuses = answers.map((answer) => answer.statusCode).sort();
      assert.deepEqual(statuses, [303, 400], `one joins, the other is told the seats are taken: ${statuses.join(', ')}`);
      const members = await db
        .selectFrom('organisation_members')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('removed_at', 'is', null)
        .execute();
      assert.equal(members.length, 1, 'one seat, one member');
    }
    recordFigure('Concurrency', 'last seats taken at once', acceptances);
  });

  it('redeem a gift subscription once when two readers press Redeem at once', async () => {
    const plan = await db.selectFrom('plans').select('id').orderBy('id').executeTakeFirstOrThrow();
    const key = deriveRedemptionCodeKey(readFileSync(path.join(database.dataDir, 'secret'), 'utf8').trim());
    let redemptions = 0;
    for (let round = 0; round < 4; round += 1) {
      const giftId = await plantGiftSubscription(db, { planId: plan.id, now, state: 'paid', recipientEmail: `gift-${round}@example.org` });
      const gift = await db.selectFrom('gift_subscriptions').select('code_nonce').where('id', '=', giftId).executeTakeFirstOrThrow();
      const code = signRedemptionCode({ giftId, nonce: gift.code_nonce }, key);
      const readers = await Promise.all(
        [0, 1].map(async (index) => {
          const accountId = await insertAccount(db, { email: `redeemer-${round}-${index}@example.org`, name: '', passwordHash: null, role: 'reader', now });
          const browser = browserSession(instance(index));
          browser.cookies.set(sessionCookieName, (await openSession(db, accountId, now)).token);
          await browser.get(`/gift-subscriptions/redeem?code=${encodeURIComponent(code)}`);
          return { browser, accountId };
        }),
      );
      const answers = await Promise.all(readers.map(({ browser }) => browser.post('/gift-subscriptions/redeem', { code })));
      redemptions += answers.length;
      assert.ok(
        answers.every((answer) => answer.statusCode < 500),
        `answers: ${answers.map((answer) => answer.statusCode).join(', ')}`,
      );
      const redeemed = await db.selectFrom('gift_subscriptions').select('redeemed_by').where('id', '=', giftId).executeTakeFirstOrThrow();
      const winner = readers.find(({ accountId }) => accountId === redeemed.redeemed_by);
      assert.ok(winner, 'one of the two redeemed it');
      const loser = readers.find((reader) => reader !== winner);
      assert.ok(loser);
      assert.match((await loser.browser.get(`/gift-subscriptions/redeem?code=${encodeURIComponent(code)}`)).body, /This gift code has already been used./);
    }
    recordFigure('Concurrency', 'gift subscriptions redeemed at once', redemptions);
  });

  it('run each job once when two instances run the job loop at the same moment', async () => {
    // A second instance has a connection of its own to the same database.
    const other = process.env.TEST_DATABASE_URL
      ? await openDatabase({ kind: 'postgres', url: process.env.TEST_DATABASE_URL }, { schema: await currentSchema() })
      : database;
    const outbox = path.join(mkdtempSync(path.join(tmpdir(), 'dateline-jobs-')), 'outbox');
    const contextOf = (handle: { db: Database }): CommerceContext => ({
      db: handle.db,
      dialect,
      provider: createTestPaymentProvider(),
      mailer: createMailer({ smtpUrl: null, from: 'news@example.org', outboxDir: outbox }),
      publicUrl: new URL('https://news.example/'),
      insights: createTestLedger({ db: handle.db, dialect }),
    });
    const contexts = [contextOf(database), contextOf(other)];
    const trialists = [];
    for (let index = 0; index < 5; index += 1) {
      const account = await registerReader(db, { email: `trialist-${index}@example.org`, name: '', password: 'a long passphrase' }, now);
      const { redirectUrl } = await startCheckout(contexts[0] ?? contextOf(database), { account, offerSlug: 'trial', now });
      const checkout = await findOpenCheckout(db, { checkoutId: redirectUrl.split('/').at(-1) ?? '', accountId: account.id });
      assert.ok(checkout);
      await payTestCheckout(contexts[0] ?? contextOf(database), { checkout, cardNumber: '4242424242424242', expiry: { month: 12, year: 2030 }, now });
      trialists.push(account.email);
    }
    const scheduled = [];
    for (let index = 0; index < 5; index += 1)
      scheduled.push(
        await addArticle(
          db,
          seeded,
          { slug: `due-${index}`, headline: `Due ${index}`, status: 'scheduled', publishedAt: new Date(now.getTime() + 60_000) },
          now,
        ),
      );

    // A subscriber on Digital with a downgrade to Lite waiting for their period's end, 30 days on.
    const lite = await savePlan(db, { slug: 'lite', name: 'Lite', benefits: [], priceMinor: 500, currency: 'USD', interval: 'month', isActive: true }, now);
    const downgrader = await registerReader(db, { email: 'downgrader@example.org', name: '', password: 'a long passphrase' }, now);
    const digital = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
    await addActiveSubscription(db, { accountId: downgrader.id, planId: digital.id, now });
    await storeTestCard(db, { accountId: downgrader.id, card: { kind: 'succeeds', last4: '4242' }, expiry: { month: 12, year: 2030 }, now });
    assert.equal((await changePlan(contexts[0] ?? contextOf(database), { accountId: downgrader.id, planId: lite, now })).kind, 'scheduled');

    // Both instances' loops tick together, again and again, across the moments things fall due.
    const moments = [12, 12.5, 14.1, 14.2, 30.1, 30.2].map((days) => new Date(now.getTime() + days * 86_400_000));
    let passes = 0;
    for (const moment of moments) {
      // The plan changes before the renewals, as the job loop runs them (serve.ts).
      await Promise.all(contexts.map((context) => applyDuePlanChanges(context, moment)));
      await Promise.all(contexts.flatMap((context) => [runSubscriptionJobs(context, moment), publishDueArticles(context.db, moment)]));
      passes += contexts.length;
    }
    const applied = await db.selectFrom('plan_changes').select('status').where('to_plan_id', '=', lite).execute();
    assert.deepEqual(
      applied.map((change) => change.status),
      ['applied'],
      'the downgrade applied once',
    );
    const renewals = await db.selectFrom('payments').select('amount_minor').where('account_id', '=', downgrader.id).execute();
    assert.deepEqual(
      renewals.map((payment) => payment.amount_minor),
      [500],
      'renewed once, at the new price',
    );
    const mails = readdirSync(outbox).map((file) => readFileSync(path.join(outbox, file), 'utf8'));
    for (const email of trialists) {
      const subjects = mails.filter((mail) => mail.includes(`To: ${email}`)).map((mail) => mail.match(/^Subject: (.*)$/m)?.[1] ?? '');
      assert.equal(subjects.filter((subject) => subject.includes('trial ends')).length, 1, `one reminder for ${email}`);
      assert.equal(subjects.filter((subject) => subject.startsWith('Your receipt')).length, 1, `one charge for ${email}`);
    }
    for (const articleId of scheduled) {
      const audit = await db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'published (scheduled)')
        .where('subject', 'like', '%Due %')
        .execute();
      assert.equal(audit.length, scheduled.length, 'each scheduled article published once');
      assert.equal((await db.selectFrom('articles').select('status').where('id', '=', articleId).executeTakeFirstOrThrow()).status, 'published');
    }
    if (other !== database && 'close' in other) await other.close();
    recordFigure('Concurrency', 'job-loop passes run side by side', passes);
  });
});

async function currentSchema(): Promise<string> {
  const { sql } = await import('kysely');
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return result.rows[0]?.schema ?? 'public';
}
