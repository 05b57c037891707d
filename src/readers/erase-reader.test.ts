import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertAccount, findAccountRowById, toAccount } from '../accounts/account-repository.ts';
import { consumeRateLimit, accountRateLimits } from '../accounts/rate-limit.ts';
import { openSession } from '../accounts/sessions.ts';
import { hashToken } from '../accounts/tokens.ts';
import { recordPayment } from '../commerce/payment-ledger.ts';
import { insertSubscription } from '../commerce/subscription-repository.ts';
import { createTestPaymentProvider } from '../commerce/test-mode/test-provider.ts';
import type { OpenDatabase } from '../db/database.ts';
import { keepAccountAssignments } from '../experiments/experiment-repository.ts';
import { recordAudit } from '../newsroom/audit-log.ts';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { startMeterExperiment } from '../../test/experiment-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { insertGiftSubscription, markGiftPaid, redeemGiftRow } from '../gift-subscriptions/gift-subscription-repository.ts';
import { requestAccountDeletion } from './account-deletion.ts';
import { eraseReader, ErasureRefusedError, readerAuditSubject } from './erase-reader.ts';
import { collectReaderData, readerDataHandling } from './reader-data.ts';
import { recordReaderEvent } from './reader-events.ts';

const database = await openTestDatabase();
const { db } = database;
const now = new Date('2026-11-20T17:00:00Z');
const seeded = await seedPublication(db, now);
await seedCatalogue(db, now);
const articleId = await addArticle(db, seeded, { slug: 'harbour-talks', headline: 'Harbour talks resume' }, now);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const offer = await db.selectFrom('offers').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();
const editorId = await insertAccount(db, { email: 'desk@newsroom.example', name: 'Desk Person', passwordHash: null, role: 'support', now });
const editor = toAccount((await findAccountRowById(db, editorId)) ?? assert.fail('no desk account'));
const experimentId = await startMeterExperiment(
  db,
  {
    name: 'Five free articles',
    reader: 'registered',
    variants: [
      { name: 'Three', limit: 3 },
      { name: 'Five', limit: 5 },
    ],
  },
  now,
);

const at = now.toISOString();
const { id: newsletterId } = await db
  .insertInto('newsletters')
  .values({
    slug: 'the-morning',
    name: 'The Morning',
    description: 'The day ahead.',
    cadence: 'daily',
    sender_name: 'The Test Gazette',
    sender_email: 'morning@gazette.example',
    audience: 'anyone',
    template: 'edition',
    daily_section_id: null,
    daily_send_time: null,
    status: 'active',
    created_at: at,
    updated_at: at,
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const { id: sendId } = await db
  .insertInto('newsletter_sends')
  .values({
    newsletter_id: newsletterId,
    kind: 'article',
    subject: 'This morning',
    intro: null,
    digest_day: null,
    status: 'sent',
    scheduled_for: at,
    created_by: editorId,
    created_at: at,
  })
  .returning('id')
  .executeTakeFirstOrThrow();

/** What identifies a planted person: every string the erasure must leave nowhere. */
type Person = { id: number; email: string; name: string; customerId: string; subscriptionId: string; tokens: string[] };

/** A reader with a row in every table that can hold one, by every route the app writes it. */
async function plantReader(tag: string): Promise<Person> {
  const email = `${tag}.quintessa@example.org`;
  const name = `${tag[0]?.toUpperCase()}${tag.slice(1)} Quintessa-Vale`;
  const person: Person = { id: 0, email, name, customerId: `cus_${tag}_q`, subscriptionId: `sub_${tag}_q`, tokens: [] };
  person.id = await insertAccount(db, { email, name, passwordHash: 'scrypt$not-a-real-hash', role: 'reader', now });
  const id = person.id;
  person.tokens.push((await openSession(db, id, now)).token);
  const token = (text: string) => {
    person.tokens.push(text);
    return hashToken(text);
  };
  const at = now.toISOString();
  const later = new Date(now.getTime() + 86_400_000).toISOString();
  await db
    .insertInto('login_tokens')
    .values({ token_hash: token(`${tag}-login`), account_id: id, purpose: 'magic-link', created_at: at, expires_at: later, used_at: null })
    .execute();
  await db
    .insertInto('registration_requests')
    .values({ token_hash: token(`${tag}-register`), email, name, password_hash: 'scrypt$x', next_path: '/', created_at: at, expires_at: later, used_at: null })
    .execute();
  await db
    .insertInto('email_change_requests')
    .values({ token_hash: token(`${tag}-move`), account_id: id, new_email: `${tag}.new@example.org`, created_at: at, expires_at: later, used_at: null })
    .execute();
  await db.insertInto('meter_reads').values({ account_id: id, period: '2026-11', article_id: articleId, read_at: at }).execute();
  await consumeRateLimit(db, accountRateLimits.logInPerAddress, email, now);
  const subscriptionRow = await insertSubscription(
    db,
    {
      accountId: id,
      planId: plan.id,
      offerId: offer.id,
      provider: 'test',
      providerSubscriptionId: person.subscriptionId,
      providerCustomerId: person.customerId,
      providerEventAt: null,
      introPeriodsLeft: 2,
      state: { status: 'active', currentPeriodEnd: new Date(later), trialEnd: null, pastDueSince: null, endedFrom: null, resumeTo: null },
    },
    now,
  );
  await db
    .insertInto('checkout_sessions')
    .values({
      id: `checkout-${tag}`,
      account_id: id,
      offer_id: offer.id,
      provider: 'test',
      provider_session_id: `cs_${tag}`,
      status: 'completed',
      created_at: at,
      completed_at: at,
      return_path: null,
    })
    .execute();
  person.tokens.push(`checkout-${tag}`, `cs_${tag}`);
  await db.insertInto('test_payment_methods').values({ account_id: id, card_last4: '4242', is_declining: 0, updated_at: at }).execute();
  await db
    .insertInto('payment_cards')
    .values({ account_id: id, provider: 'test', card_last4: '4242', expiry_month: 12, expiry_year: 2030, expiry_warned_at: null, updated_at: at })
    .execute();
  await db.insertInto('dunning_reminders').values({ subscription_id: subscriptionRow, past_due_since: at, day: 0, sent_at: at }).execute();
  await db
    .insertInto('cancellation_reasons')
    .values({
      account_id: id,
      subscription_id: subscriptionRow,
      reason: 'too-expensive',
      comment: `${name} finds it dear`,
      offer_kind: 'discount',
      outcome: 'stayed',
      created_at: at,
    })
    .execute();
  await db
    .insertInto('retention_redemptions')
    .values({ account_id: id, subscription_id: subscriptionRow, kind: 'discount', percent_off: 40, periods_left: 1, paused_until: null, created_at: at })
    .execute();
  const charge = await recordPayment(db, {
    accountId: id,
    subscriptionId: subscriptionRow,
    provider: 'test',
    providerPaymentId: `pay_${tag}`,
    kind: 'charge',
    status: 'succeeded',
    amountMinor: 300,
    currency: 'USD',
    refundOf: null,
    occurredAt: now,
  });
  await recordPayment(db, {
    accountId: id,
    subscriptionId: subscriptionRow,
    provider: 'test',
    providerPaymentId: `refund_${tag}`,
    kind: 'refund',
    status: 'succeeded',
    amountMinor: 300,
    currency: 'USD',
    refundOf: charge,
    occurredAt: now,
  });
  await db
    .insertInto('api_tokens')
    .values({ account_id: id, token_hash: token(`${tag}-device`), device_name: `${name}'s phone`, created_at: at, last_used_at: at, revoked_at: null })
    .execute();
  await db
    .insertInto('feed_tokens')
    .values({ account_id: id, token_hash: token(`${tag}-feed`), created_at: at, revoked_at: null })
    .execute();
  await db
    .insertInto('gift_links')
    .values({
      account_id: id,
      article_id: articleId,
      token_hash: token(`${tag}-gift`),
      period: '2026-11',
      created_at: at,
      expires_at: later,
      revoked_at: null,
      max_opens: 25,
    })
    .execute();
  const gift = {
    planId: plan.id,
    months: 3 as const,
    priceMinor: 3000,
    currency: 'USD',
    deliveryDay: '2026-11-20',
    deliverAt: now,
    provider: 'test' as const,
  };
  await insertGiftSubscription(
    db,
    {
      ...gift,
      buyerName: name,
      buyerEmail: email,
      buyerAccountId: id,
      recipientName: 'Ulla Friend',
      recipientEmail: `${tag}.ulla@example.org`,
      message: `From ${name}`,
      codeNonce: `${tag}-bought-nonce`,
    },
    now,
  );
  const received = await insertGiftSubscription(
    db,
    {
      ...gift,
      buyerName: 'Vera Giver',
      buyerEmail: `${tag}.vera@example.org`,
      buyerAccountId: null,
      recipientName: name,
      recipientEmail: email,
      message: `For ${name}`,
      codeNonce: `${tag}-received-nonce`,
    },
    now,
  );
  await markGiftPaid(db, received, now);
  await redeemGiftRow(db, { id: received, readerId: id, accessUntil: new Date('2027-02-20T17:00:00Z') }, now);
  await db
    .insertInto('complimentary_access')
    .values({ account_id: id, starts_at: at, ends_at: later, reason: `Goodwill for ${name}`, granted_by: editorId, revoked_at: null, created_at: at })
    .execute();
  await keepAccountAssignments(db, { accountId: id, assignments: [{ experimentId, variant: 'b' }], now });
  await db
    .insertInto('reader_notes')
    .values({ account_id: id, author_id: editorId, text: `${name} called about ${email}`, created_at: at })
    .execute();
  await recordReaderEvent(db, { accountId: id, event: { kind: 'email-changed', from: email, to: `${tag}.new@example.org` }, at: now });
  await db
    .insertInto('sent_mails')
    .values({ account_id: id, kind: 'welcome', subject: `Welcome, ${name}`, sent_at: at })
    .execute();
  await db
    .insertInto('newsletter_subscriptions')
    .values({
      newsletter_id: newsletterId,
      account_id: id,
      status: 'subscribed',
      consent_source: 'sign-up-form',
      consented_at: at,
      unsubscribed_at: null,
      unsubscribe_source: null,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('newsletter_signup_requests')
    .values({
      token_hash: token(`${tag}-newsletter`),
      email,
      newsletter_ids: `[${newsletterId}]`,
      next_path: '/',
      created_at: at,
      expires_at: later,
      used_at: null,
    })
    .execute();
  await db.insertInto('newsletter_deliveries').values({ send_id: sendId, account_id: id, status: 'sent', variant: 'preview', sent_at: at }).execute();
  await db
    .insertInto('email_suppressions')
    .values({ email, reason: 'complaint', source: 'webhook', detail: `complaint from ${email}`, created_at: at })
    .execute();
  const reader = toAccount((await findAccountRowById(db, id)) ?? assert.fail('no reader'));
  // The audit log as the desk and the reader write it: about the reader by number or address, and by the reader.
  await recordAudit(db, { actor: editor, action: 'gave complimentary access', subject: readerAuditSubject(id), detail: 'a month, for a complaint', now });
  await recordAudit(db, { actor: editor, action: 'sent a log-in link', subject: email, detail: `to ${email} at their request`, now });
  await recordAudit(db, { actor: reader, action: 'downloaded own data', subject: readerAuditSubject(id), now });
  await requestAccountDeletion(db, { accountId: id, now });
  return person;
}

type TableRows = { table: string; rows: Record<string, unknown>[] };

/** Every table the database itself lists (not the app's idea of its tables), with every row. */
async function readEveryTable(open: OpenDatabase): Promise<TableRows[]> {
  const names =
    open.dialect === 'postgres'
      ? await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(open.db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(open.db);
  const tables = names.rows.map((row) => row.name).filter((name) => !name.startsWith('kysely_') && !isSearchShadow(name));
  return Promise.all(
    tables.map(async (table) => ({ table, rows: (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(open.db)).rows })),
  );
}

/** SQLite's FTS5 keeps the index in shadow tables of its own (article_search_data, …): article text, never a reader's. */
function isSearchShadow(table: string): boolean {
  return /^article_(open_)?search_(data|idx|content|docsize|config)$/.test(table);
}

/** The columns that point at an account, as the database's foreign keys say. */
async function accountColumns(open: OpenDatabase): Promise<{ table: string; column: string }[]> {
  if (open.dialect === 'postgres') {
    const { rows } = await sql<{ table: string; column: string }>`
      select kcu.table_name as "table", kcu.column_name as "column"
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema() and ccu.table_name = 'accounts'`.execute(open.db);
    return rows;
  }
  const found: { table: string; column: string }[] = [];
  for (const { table } of await readEveryTable(open)) {
    const { rows } = await sql<{ table: string; from: string }>`select "table", "from" from pragma_foreign_key_list(${table})`.execute(open.db);
    for (const row of rows) if (row.table === 'accounts') found.push({ table, column: row.from });
  }
  return found;
}

/** Where, in every row of every table, one of the person's strings appears. */
function tracesOf(person: Person, tables: TableRows[]): string[] {
  const needles = [
    person.email,
    person.name,
    person.customerId,
    person.subscriptionId,
    readerAuditSubject(person.id),
    ...person.tokens,
    ...person.tokens.map(hashToken),
  ];
  const traces: string[] = [];
  for (const { table, rows } of tables) {
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value !== 'string') continue;
        for (const needle of needles) if (value.toLowerCase().includes(needle.toLowerCase())) traces.push(`${table}.${column} holds ${needle}`);
      }
    }
  }
  return traces;
}

async function rowsPointingAt(open: OpenDatabase, accountId: number): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column } of await accountColumns(open)) {
    const { rows } = await sql<{ count: number | string }>`select count(*) as count from ${sql.table(table)} where ${sql.ref(column)} = ${accountId}`.execute(
      open.db,
    );
    if (Number(rows[0]?.count ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe('erasing a reader', () => {
  it('has considered every table the database holds: a new one fails here until readerDataHandling says how it stands', async () => {
    const inDatabase = (await readEveryTable(database)).map(({ table }) => table).sort();
    assert.deepEqual(inDatabase, Object.keys(readerDataHandling).sort());
  });

  it("gives in the download the reader's rows of every table that holds them, but the newsroom's own records, and no token", async () => {
    const person = await plantReader('xavier');
    const other = await plantReader('wanda');
    const data = await collectReaderData(db, { accountId: person.id, publication: 'The Test Gazette', now });
    const holding = await rowsPointingAt(database, person.id);
    const tables = [...new Set(holding.map((column) => column.split('.')[0] ?? ''))];
    const leftOut = tables.filter((table) => readerDataHandling[table as keyof typeof readerDataHandling].download === null);
    // Both are the newsroom's records about its own work; what the reader did is given as their events.
    assert.deepEqual(leftOut.sort(), ['audit_log', 'reader_notes']);
    for (const [table, handling] of Object.entries(readerDataHandling)) {
      if (handling.download === null) continue;
      const given = data[handling.download];
      assert.ok(Array.isArray(given) ? given.length > 0 : given.email === person.email, `${table} is given as ${handling.download}`);
    }
    assert.deepEqual(
      data.experiments.map(({ experiment, variant }) => ({ experiment, variant })),
      [{ experiment: 'Five free articles', variant: 'Five' }],
      'a variant by the names the newsroom gave it',
    );
    const file = JSON.stringify(data);
    assert.ok(file.includes(person.email) && file.includes(person.name));
    for (const secret of [...person.tokens, ...person.tokens.map(hashToken), 'scrypt$']) assert.ok(!file.includes(secret), `the file holds ${secret}`);
    assert.ok(!file.includes(other.email) && !file.includes(other.name));
  });

  it('leaves none of their data in any table, keeps the ledger without them, and leaves another reader whole', async () => {
    const person = await plantReader('zelda');
    const bystander = await plantReader('yorick');
    const before = await readEveryTable(database);
    assert.ok(tracesOf(person, before).length > 20, 'the planted reader is found everywhere before');
    const bystanderBefore = tracesOf(bystander, before).sort();

    const erased = await eraseReader(
      { db, provider: createTestPaymentProvider() },
      { accountId: person.id, requester: { kind: 'desk', staff: editor, reason: `Asked by phone; confirmed it was ${person.email}` }, now },
    );

    const after = await readEveryTable(database);
    assert.deepEqual(tracesOf(person, after), []);
    assert.deepEqual(await rowsPointingAt(database, person.id), []);
    assert.deepEqual(erased, { email: person.email, name: person.name, keptPayments: 2 });

    const ledger = await db.selectFrom('payments').selectAll().where('provider_payment_id', 'in', ['pay_zelda', 'refund_zelda']).execute();
    assert.equal(ledger.length, 2);
    assert.ok(ledger.every((line) => line.account_id === null && line.subscription_id === null && line.amount_minor === 300));
    const refund = ledger.find((line) => line.kind === 'refund');
    assert.equal(refund?.refund_of, ledger.find((line) => line.kind === 'charge')?.id);

    const audit = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(audit.action, 'deleted reader');
    assert.equal(audit.actor, 'Desk Person');
    assert.equal(audit.subject, 'an erased reader');
    assert.match(audit.detail, /Asked by phone; confirmed it was an erased reader — 2 payments kept/);

    assert.deepEqual(tracesOf(bystander, after).sort(), bystanderBefore);
  });

  it('refuses a staff account and an account already gone', async () => {
    const erase = (accountId: number) =>
      eraseReader({ db, provider: createTestPaymentProvider() }, { accountId, requester: { kind: 'desk', staff: editor, reason: 'test' }, now });
    await assert.rejects(erase(editorId), (error: unknown) => error instanceof ErasureRefusedError && error.meaning.kind === 'forbidden');
    await assert.rejects(erase(999_999), (error: unknown) => error instanceof ErasureRefusedError && error.meaning.kind === 'not-found');
  });
});
