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

    // Both instances' loops tick together, again and again, across the moments things fall due.
    const moments = [12, 12.5, 14.1, 14.2].map((days) => new Date(now.getTime() + days * 86_400_000));
    let passes = 0;
    for (const moment of moments) {
      await Promise.all(contexts.flatMap((context) => [runSubscriptionJobs(context, moment), publishDueArticles(context.db, moment)]));
      passes += contexts.length;
    }
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
