import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertAccount } from '../accounts/account-repository.ts';
import { insertSubscription } from '../commerce/subscription-repository.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { listReaders, readerPageSize } from './reader-list.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-12-01T12:00:00Z');
const day = 86_400_000;
await seedCatalogue(db, now);
const digital = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();

const reader = (email: string, name: string, signedUp: Date) => insertAccount(db, { email, name, passwordHash: null, role: 'reader', now: signedUp });
const ana = await reader('ana@example.org', 'Ana Lima', new Date(now.getTime() - 3 * day));
const bo = await reader('bo@example.org', 'Bo Svensson', new Date(now.getTime() - 2 * day));
// Signed up at the same moment as Bo: the id keeps the order fixed.
const cy = await reader('cy@example.org', 'Cy Park', new Date(now.getTime() - 2 * day));
await insertAccount(db, { email: 'editor@example.org', name: 'Ed', passwordHash: null, role: 'editor', now });
const periodEnd = new Date(now.getTime() + 10 * day);
await insertSubscription(
  db,
  {
    accountId: ana,
    planId: digital.id,
    offerId: null,
    provider: 'test',
    providerSubscriptionId: null,
    providerCustomerId: null,
    providerEventAt: null,
    introPeriodsLeft: 0,
    state: { status: 'active', currentPeriodEnd: periodEnd, trialEnd: null, pastDueSince: null, endedFrom: null, resumeTo: null },
  },
  now,
);
await db
  .insertInto('complimentary_access')
  .values({
    account_id: cy,
    starts_at: new Date(now.getTime() - day).toISOString(),
    ends_at: null,
    reason: 'Press',
    granted_by: null,
    revoked_at: null,
    created_at: now.toISOString(),
  })
  .execute();

describe(`the desk's list of readers (${dialect})`, () => {
  it('lists readers newest first with their state, plan and period, never staff', async () => {
    const { total, readers } = await listReaders(db, { filter: {}, page: 1, now });
    assert.equal(total, 3);
    assert.deepEqual(
      readers.map((row) => [row.id, row.state, row.planName, row.periodEnd?.toISOString() ?? null, row.source]),
      [
        [cy, 'complimentary', null, null, 'website'],
        [bo, 'free', null, null, 'website'],
        [ana, 'active', 'Digital', periodEnd.toISOString(), 'website'],
      ],
    );
  });

  it('counts all the filter finds while giving one page of it', async () => {
    for (let index = 0; index < readerPageSize; index += 1) await reader(`many${index}@example.com`, '', new Date(now.getTime() - (10 + index) * day));
    const first = await listReaders(db, { filter: { query: 'many' }, page: 1, now });
    const second = await listReaders(db, { filter: { query: 'many' }, page: 2, now });
    assert.equal(first.total, readerPageSize);
    assert.equal(first.readers.length, readerPageSize);
    assert.equal(second.readers.length, 0);
    assert.equal((await listReaders(db, { filter: {}, page: 2, now })).readers.length, 3);
    assert.deepEqual(
      (await listReaders(db, { filter: { state: 'active' }, page: 1, now })).readers.map((row) => row.id),
      [ana],
    );
  });
});
