import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { startStripeStandIn } from '../../test/stripe-stand-in.ts';
import { insertAccount } from '../accounts/account-repository.ts';
import { findLatestSubscription, insertSubscription } from '../commerce/subscription-repository.ts';
import type { Database } from '../db/database.ts';
import { ImportError } from '../import/import-error.ts';
import { exportReaders } from './export-readers.ts';
import { importReaders, readerFile, type ReaderImportProgress } from './import-readers.ts';
import { csvLineOf } from './reader-csv.ts';
import { listReaderEvents } from './reader-events.ts';
import { countReaders } from './reader-filter.ts';
import { readerStates } from './reader-state.ts';

const now = new Date('2026-11-20T12:00:00Z');
const day = 86_400_000;
const { db, dialect, dataDir } = await openTestDatabase();
await seedCatalogue(db, now);
const standIn = await startStripeStandIn();
after(() => standIn.stop());

let files = 0;
function fileOf(lines: readonly (readonly string[])[]): string {
  files += 1;
  const file = path.join(dataDir, `readers-${files}.csv`);
  writeFileSync(file, lines.map((fields) => csvLineOf(fields)).join(''));
  return file;
}

async function importFile(into: Database, file: string, { batchSize = 50, withStripe = false } = {}) {
  const progress: ReaderImportProgress[] = [];
  const outcome = await importReaders(into, {
    file: readerFile(file),
    now,
    stripe: withStripe ? async () => standIn.stripe : null,
    batchSize,
    onProgress: (step) => progress.push(step),
  });
  return { outcome, progress };
}

async function exportText(from: Database, batchSize?: number): Promise<string> {
  let text = '';
  for await (const line of exportReaders(from, { filter: {}, now, ...(batchSize ? { batchSize } : {}) })) text += line;
  return text;
}

const countAccounts = async (of: Database = db) =>
  Number(
    (
      await of
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
    ).count,
  );

const ghostHeader = [
  'id',
  'email',
  'name',
  'note',
  'subscribed_to_emails',
  'complimentary_plan',
  'stripe_customer_id',
  'created_at',
  'deleted_at',
  'labels',
  'tiers',
];
const ghost = (email: string, fields: Partial<Record<(typeof ghostHeader)[number], string>> = {}) =>
  ghostHeader.map((column) => (column === 'email' ? email : (fields[column] ?? (column === 'created_at' ? '2021-04-01T08:15:00.000Z' : ''))));

describe(`importing readers from Ghost (${dialect})`, () => {
  it('brings every member in: account, note, complimentary plan, labels and consent, in committed batches', async () => {
    const file = fileOf([
      ghostHeader,
      ghost('Ada@Example.org', {
        name: 'Ada  Lovelace',
        note: 'Prefers letters.\nCalls on Mondays, "early".',
        subscribed_to_emails: 'true',
        labels: 'VIP, Press',
      }),
      ghost('ben@example.org', { complimentary_plan: 'TRUE', subscribed_to_emails: 'false' }),
      ghost('cy@example.org', { name: '=HYPERLINK("x")' }),
    ]);
    const { outcome, progress } = await importFile(db, file, { batchSize: 2 });
    assert.deepEqual(outcome, { kind: 'imported', format: 'ghost', total: 3, written: 3, skipped: 0 });
    assert.deepEqual(progress, [
      { done: 2, total: 3, skipped: 0 },
      { done: 3, total: 3, skipped: 0 },
    ]);
    const ada = await db.selectFrom('accounts').selectAll().where('email', '=', 'ada@example.org').executeTakeFirstOrThrow();
    assert.deepEqual(
      [ada.name, ada.role, ada.source, ada.password_hash, ada.created_at],
      ['Ada Lovelace', 'reader', 'import', null, '2021-04-01T08:15:00.000Z'],
    );
    const notes = await db.selectFrom('reader_notes').select(['text', 'author_id']).where('account_id', '=', ada.id).execute();
    assert.deepEqual(
      notes.map((note) => ({ ...note })),
      [{ text: 'Prefers letters.\nCalls on Mondays, "early".', author_id: null }],
    );
    const [imported] = await listReaderEvents(db, ada.id);
    assert.deepEqual(imported && { kind: imported.kind, ...(imported.kind === 'imported' ? imported : {}) }, {
      kind: 'imported',
      from: 'ghost',
      labels: ['VIP', 'Press'],
      subscribedToEmails: true,
      id: imported?.id,
      accountId: ada.id,
      occurredAt: now,
      actorId: null,
    });
    const ben = await db.selectFrom('accounts').select('id').where('email', '=', 'ben@example.org').executeTakeFirstOrThrow();
    const grants = await db.selectFrom('complimentary_access').select(['starts_at', 'ends_at', 'reason']).where('account_id', '=', ben.id).execute();
    assert.deepEqual(
      grants.map((grant) => ({ ...grant })),
      [{ starts_at: now.toISOString(), ends_at: null, reason: 'Complimentary plan in Ghost' }],
    );
    assert.equal(await countReaders(db, { state: 'complimentary', source: 'import' }, now), 1);
  });

  it('imports nothing from a file with a bad line, and names every problem by line and field', async () => {
    const staff = await insertAccount(db, { email: 'editor@example.org', name: 'Ed', passwordHash: null, role: 'editor', now });
    assert.ok(staff > 0);
    const before = await countAccounts();
    const file = fileOf([
      ghostHeader,
      ghost('new-one@example.org'),
      ghost('not an address'),
      ghost('twice@example.org'),
      ghost('twice@example.org'),
      ghost('when@example.org', { created_at: 'last Tuesday' }),
      ghost('paying@example.org', { stripe_customer_id: 'cus_Ghost1' }),
      ghost('editor@example.org'),
      ['short@example.org', 'Short'],
      ghost('comp@example.org', { complimentary_plan: 'maybe' }),
    ]);
    const { outcome, progress } = await importFile(db, file);
    assert.ok(outcome.kind === 'refused');
    assert.equal(outcome.total, 9);
    assert.deepEqual(
      outcome.problems.map(({ line, field }) => [line, field]),
      [
        [3, 'email'],
        [5, 'email'],
        [6, 'created_at'],
        [7, 'stripe_customer_id'],
        [8, 'email'],
        [9, null],
        [10, 'complimentary_plan'],
      ],
    );
    assert.match(outcome.problems[1]?.message ?? '', /twice@example\.org is on line 4 too/);
    assert.match(outcome.problems[3]?.message ?? '', /set STRIPE_SECRET_KEY/);
    assert.match(outcome.problems[4]?.message ?? '', /member of staff/);
    assert.deepEqual(progress, []);
    assert.equal(await countAccounts(), before, 'not one account');
  });

  it('refuses a header it does not know, and a file that is not CSV, before anything is written', async () => {
    const noEmail = await importFile(
      db,
      fileOf([
        ['name', 'note'],
        ['Ada', ''],
      ]),
    );
    assert.ok(noEmail.outcome.kind === 'refused');
    assert.deepEqual(
      noEmail.outcome.problems.map(({ line, field }) => [line, field]),
      [[1, 'email']],
    );
    const file = path.join(dataDir, 'broken.csv');
    writeFileSync(file, 'email,name\r\nada@example.org,"Ada\r\n');
    const broken = await importFile(db, file);
    assert.ok(broken.outcome.kind === 'refused');
    assert.match(broken.outcome.problems[0]?.message ?? '', /quoted field that is never closed/);
    await assert.rejects(importFile(db, path.join(dataDir, 'missing.csv')), (error) => error instanceof ImportError && /Cannot read/.test(error.message));
  });

  it('run again, skips every reader already there and writes none twice', async () => {
    const file = fileOf([ghostHeader, ghost('ada@example.org', { name: 'Someone Else' }), ghost('ben@example.org', { complimentary_plan: 'true' })]);
    const before = await countAccounts();
    const { outcome } = await importFile(db, file);
    assert.deepEqual(outcome, { kind: 'imported', format: 'ghost', total: 2, written: 0, skipped: 2 });
    assert.equal(await countAccounts(), before);
    const ada = await db.selectFrom('accounts').select(['id', 'name']).where('email', '=', 'ada@example.org').executeTakeFirstOrThrow();
    assert.equal(ada.name, 'Ada Lovelace', 'the reader there is left as they are');
    assert.equal((await db.selectFrom('complimentary_access').select('id').execute()).length, 1);
  });

  it('completes an import that was cut off, writing only what is missing', async () => {
    const lines = Array.from({ length: 7 }, (_, index) => ghost(`resumed-${index}@example.org`, { note: `note ${index}` }));
    await importFile(db, fileOf([ghostHeader, ...lines.slice(0, 3)]));
    const { outcome, progress } = await importFile(db, fileOf([ghostHeader, ...lines]), { batchSize: 3 });
    assert.deepEqual(outcome, { kind: 'imported', format: 'ghost', total: 7, written: 4, skipped: 3 });
    assert.deepEqual(
      progress.map(({ done, skipped }) => [done, skipped]),
      [
        [3, 3],
        [6, 3],
        [7, 3],
      ],
    );
    const notes = await db.selectFrom('reader_notes').select('text').where('text', 'like', 'note %').execute();
    assert.equal(notes.length, 7, 'each reader’s note once');
  });

  it('links a Stripe customer’s live subscription through Stripe’s API when the keys are set', async () => {
    const periodEnd = Math.floor((now.getTime() + 20 * day) / 1000);
    const listed = (id: string, status: string, fields: Record<string, unknown> = {}) => ({
      object: 'subscription',
      id,
      status,
      cancel_at_period_end: false,
      trial_end: null,
      ended_at: null,
      items: {
        data: [{ current_period_end: periodEnd, price: { id: 'price_ghost_monthly', unit_amount: 1500, currency: 'usd', recurring: { interval: 'month' } } }],
      },
      ...fields,
    });
    standIn.customerSubscriptions.set('cus_Active', [listed('sub_active', 'active')]);
    standIn.customerSubscriptions.set('cus_Leaving', [listed('sub_leaving', 'active', { cancel_at_period_end: true })]);
    standIn.customerSubscriptions.set('cus_Gone', [listed('sub_gone', 'canceled', { ended_at: Math.floor(now.getTime() / 1000) - 86_400 })]);
    standIn.customerSubscriptions.set('cus_Odd', [
      listed('sub_odd', 'active', {
        items: { data: [{ current_period_end: periodEnd, price: { id: 'p', unit_amount: 999, currency: 'usd', recurring: { interval: 'month' } } }] },
      }),
    ]);
    const refused = await importFile(
      db,
      fileOf([ghostHeader, ghost('odd@example.org', { stripe_customer_id: 'cus_Odd' }), ghost('active@example.org', { stripe_customer_id: 'cus_Active' })]),
      { withStripe: true },
    );
    assert.ok(refused.outcome.kind === 'refused');
    assert.match(refused.outcome.problems[0]?.message ?? '', /Stripe's subscription sub_odd bills 999 USD .* no one plan of the site has that price/);

    const { outcome } = await importFile(
      db,
      fileOf([
        ghostHeader,
        ghost('active@example.org', { stripe_customer_id: 'cus_Active' }),
        ghost('leaving@example.org', { stripe_customer_id: 'cus_Leaving' }),
        ghost('gone@example.org', { stripe_customer_id: 'cus_Gone' }),
      ]),
      { withStripe: true },
    );
    assert.deepEqual(outcome, { kind: 'imported', format: 'ghost', total: 3, written: 3, skipped: 0 });
    const subscriptionOf = async (email: string) => {
      const account = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      return findLatestSubscription(db, account.id);
    };
    const active = await subscriptionOf('active@example.org');
    assert.deepEqual(active && [active.provider, active.providerSubscriptionId, active.state.status, active.state.currentPeriodEnd.getTime()], [
      'stripe',
      'sub_active',
      'active',
      periodEnd * 1000,
    ]);
    const leaving = await subscriptionOf('leaving@example.org');
    assert.deepEqual(leaving && [leaving.state.status, leaving.state.resumeTo], ['canceled', 'active'], 'canceled, and paid up to its period’s end');
    assert.equal(await subscriptionOf('gone@example.org'), undefined, 'a customer with nothing live is a free reader');
    assert.ok(standIn.requests.includes('GET /v1/subscriptions'));
  });
});

/**
 * Where every reader stands, read from the tables themselves rather than through the export (which
 * would not see a field it leaves out): account, latest subscription, the access still to run, notes.
 */
async function readerStatesOf(of: Database): Promise<Map<string, unknown>> {
  const accounts = await of.selectFrom('accounts').select(['id', 'email', 'name', 'created_at', 'source']).where('role', '=', 'reader').execute();
  const states = new Map<string, unknown>();
  for (const account of accounts) {
    const subscription = await of
      .selectFrom('subscriptions as s')
      .innerJoin('plans as p', 'p.id', 's.plan_id')
      .leftJoin('offers as o', 'o.id', 's.offer_id')
      .select([
        'p.slug as plan',
        'o.slug as offer',
        's.provider',
        's.provider_subscription_id',
        's.provider_customer_id',
        's.status',
        's.current_period_end',
        's.trial_end',
        's.past_due_since',
        's.ended_from',
        's.resume_to',
        's.intro_periods_left',
        's.trial_reminder_sent_at',
        's.provider_event_at',
        's.created_at',
      ])
      .where('s.account_id', '=', account.id)
      .orderBy('s.id', 'desc')
      .executeTakeFirst();
    const access = await of
      .selectFrom('complimentary_access')
      .select(['starts_at', 'ends_at', 'reason'])
      .where('account_id', '=', account.id)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now.toISOString())]))
      .execute();
    const notes = await of
      .selectFrom('reader_notes')
      .select(['text', 'created_at'])
      .where('account_id', '=', account.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    states.set(account.email, {
      account: { name: account.name, createdAt: account.created_at, source: account.source },
      subscription: subscription ? { ...subscription } : null,
      access: access.map((row) => ({ ...row })),
      notes: notes.map((row) => ({ ...row })),
    });
  }
  return states;
}

describe(`Dateline's export (${dialect})`, () => {
  it('imported into an empty database keeps every reader’s state exactly', async () => {
    const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
    const trialOffer = await db.selectFrom('offers').select('id').where('slug', '=', 'trial').executeTakeFirstOrThrow();
    const reader = (email: string, name: string, source: 'website' | 'import' = 'website') =>
      insertAccount(db, { email, name, passwordHash: null, role: 'reader', now: new Date(now.getTime() - 40 * day), source });
    const subscribe = (
      accountId: number,
      state: Parameters<typeof insertSubscription>[1]['state'],
      fields: { offerId?: number | null; provider?: 'test' | 'stripe' } = {},
    ) =>
      insertSubscription(
        db,
        {
          accountId,
          planId: plan.id,
          offerId: fields.offerId ?? null,
          provider: fields.provider ?? 'test',
          providerSubscriptionId: fields.provider === 'stripe' ? `sub_${accountId}` : null,
          providerCustomerId: fields.provider === 'stripe' ? `cus_${accountId}` : null,
          providerEventAt: fields.provider === 'stripe' ? new Date(now.getTime() - day) : null,
          introPeriodsLeft: 2,
          state,
        },
        new Date(now.getTime() - 30 * day),
      );
    const base = { trialEnd: null, pastDueSince: null, endedFrom: null, resumeTo: null } as const;
    const later = new Date(now.getTime() + 10 * day);
    await subscribe(
      await reader('trialing@example.org', 'Tria Ling'),
      { ...base, status: 'trialing', currentPeriodEnd: later, trialEnd: later },
      { offerId: trialOffer.id },
    );
    await subscribe(await reader('stripe@example.org', 'Stri Pe'), { ...base, status: 'active', currentPeriodEnd: later }, { provider: 'stripe' });
    await subscribe(await reader('late@example.org', 'Late Payer'), {
      ...base,
      status: 'past_due',
      currentPeriodEnd: now,
      pastDueSince: new Date(now.getTime() - 2 * day),
    });
    await subscribe(await reader('leaving-too@example.org', '+Plus Sign', 'import'), {
      ...base,
      status: 'canceled',
      currentPeriodEnd: later,
      resumeTo: 'active',
    });
    const lapsed = await reader('lapsed@example.org', "'Quoted' Name");
    await subscribe(lapsed, { ...base, status: 'expired', currentPeriodEnd: new Date(now.getTime() - 5 * day), endedFrom: 'trial' });
    await db
      .insertInto('complimentary_access')
      .values([
        {
          account_id: lapsed,
          starts_at: now.toISOString(),
          ends_at: later.toISOString(),
          reason: 'Sorry for the outage',
          granted_by: null,
          revoked_at: null,
          created_at: now.toISOString(),
        },
      ])
      .execute();
    await db
      .insertInto('reader_notes')
      .values({ account_id: lapsed, author_id: null, text: 'Two lines,\r\nwith "quotes" — and a comma', created_at: now.toISOString() })
      .execute();
    await reader('free@example.org', 'Zoë Free');
    await db
      .updateTable('subscriptions')
      .set({ trial_reminder_sent_at: now.toISOString() })
      .where('provider', '=', 'test')
      .where('status', '=', 'trialing')
      .execute();

    const exported = await exportText(db, 4);
    const file = path.join(dataDir, 'export.csv');
    writeFileSync(file, exported);
    const empty = await openTestDatabase();
    await seedCatalogue(empty.db, now);
    const { outcome } = await importFile(empty.db, file, { batchSize: 3 });
    assert.ok(outcome.kind === 'imported', JSON.stringify(outcome));
    assert.equal(outcome.format, 'dateline');
    assert.equal(outcome.written, await countReaders(db, {}, now));
    assert.equal(await exportText(empty.db), exported, 'the same readers, field for field');
    assert.deepEqual(await readerStatesOf(empty.db), await readerStatesOf(db), 'every reader as they were, table by table');
    for (const state of readerStates) {
      assert.equal(await countReaders(empty.db, { state }, now), await countReaders(db, { state }, now), `as many ${state} readers`);
    }
    for (const source of ['website', 'import'] as const) {
      assert.equal(await countReaders(empty.db, { source }, now), await countReaders(db, { source }, now), `as many from ${source}`);
    }
    assert.match(exported, /,'\+Plus Sign,/, 'a name a spreadsheet would run as a formula goes out guarded');
  });

  it('streams a long list a batch at a time, never the whole of it', async () => {
    const many = 1200;
    const rows = Array.from({ length: many }, (_, index) => ({
      email: `many-${String(index).padStart(4, '0')}@example.org`,
      name: `Many ${index}`,
      password_hash: null,
      role: 'reader' as const,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    }));
    for (let start = 0; start < many; start += 300)
      await db
        .insertInto('accounts')
        .values(rows.slice(start, start + 300))
        .execute();
    const total = await countReaders(db, {}, now);
    const lines = exportReaders(db, { filter: {}, now, batchSize: 100 });
    let count = 0;
    for await (const _line of lines) {
      count += 1;
      // Past the first batch: a reader who signs up now is still read, so the list was not taken whole.
      if (count === 50) await insertAccount(db, { email: 'latecomer@example.org', name: 'Late Comer', passwordHash: null, role: 'reader', now });
    }
    assert.equal(count, total + 2, 'the header, every reader, and the one who came while it ran');
  });
});
