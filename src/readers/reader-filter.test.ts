import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertAccount } from '../accounts/account-repository.ts';
import type { AccountSource } from '../accounts/account.ts';
import { insertSubscription } from '../commerce/subscription-repository.ts';
import type { SubscriptionStatus } from '../commerce/subscription.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { addRedeemedGiftSubscription } from '../../test/gift-subscription-fixtures.ts';
import { countReaders, InvalidReaderFilterError, readerFilterOf, whereReaderMatches, type ReaderFilter } from './reader-filter.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-12-01T12:00:00Z');
const day = 86_400_000;
await seedCatalogue(db, now);
const digital = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const printPlan = await db.selectFrom('plans').select('id').where('slug', '=', 'old-print').executeTakeFirstOrThrow();
const intro = await db.selectFrom('offers').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();

async function reader(email: string, name: string, { source = 'website', signedUp = now }: { source?: AccountSource; signedUp?: Date } = {}) {
  return insertAccount(db, { email, name, passwordHash: null, role: 'reader', now: signedUp, source });
}

async function subscribe(accountId: number, status: SubscriptionStatus, { planId = digital.id, offerId = null as number | null } = {}) {
  return insertSubscription(
    db,
    {
      accountId,
      planId,
      offerId,
      provider: 'test',
      providerSubscriptionId: null,
      providerCustomerId: null,
      providerEventAt: null,
      introPeriodsLeft: 0,
      state: { status, currentPeriodEnd: new Date(now.getTime() + 30 * day), trialEnd: null, pastDueSince: null, endedFrom: null, resumeTo: null },
    },
    now,
  );
}

const ana = await reader('ana.lima@example.org', 'Ana Lima', { signedUp: new Date('2026-01-10T09:00:00Z') });
const bo = await reader('bo@example.org', 'Bo Svensson', { source: 'import', signedUp: new Date('2026-06-02T09:00:00Z') });
const cy = await reader('cy@example.net', 'Cy Park', { source: 'import' });
const dee = await reader('dee_x@example.org', 'Dee Lima');
const eve = await reader('eve@example.org', 'Eve Adams');
const editor = await insertAccount(db, { email: 'editor@newsroom.example', name: 'Ana Editor', passwordHash: null, role: 'editor', now });
// Ana lapsed and came back: her latest subscription is the one that counts.
await subscribe(ana, 'expired', { offerId: intro.id });
await subscribe(ana, 'active');
await subscribe(bo, 'past_due', { planId: printPlan.id });
await subscribe(cy, 'expired');
await subscribe(dee, 'trialing');
await db
  .insertInto('complimentary_access')
  .values({
    account_id: dee,
    starts_at: new Date(now.getTime() - day).toISOString(),
    ends_at: null,
    reason: 'Press',
    granted_by: null,
    revoked_at: null,
    created_at: now.toISOString(),
  })
  .execute();

// Eve reads on a gift now; Cy's gift ran out; Bo's was revoked.
await addRedeemedGiftSubscription(db, { accountId: eve, planId: digital.id, now: new Date(now.getTime() - day) });
await addRedeemedGiftSubscription(db, { accountId: cy, planId: digital.id, now: new Date(now.getTime() - 100 * day) });
await addRedeemedGiftSubscription(db, { accountId: bo, planId: digital.id, now: new Date(now.getTime() - day), revokedBy: editor });

async function matching(filter: ReaderFilter): Promise<number[]> {
  const rows = await whereReaderMatches(db.selectFrom('accounts').select('accounts.id'), filter, now).orderBy('accounts.id').execute();
  assert.equal(await countReaders(db, filter, now), rows.length);
  return rows.map((row) => row.id);
}

describe(`the desk's reader filter (${dialect})`, () => {
  it('lists readers only, never staff', async () => {
    assert.deepEqual(await matching({}), [ana, bo, cy, dee, eve]);
  });

  it('finds by the start of the address or of any word of the name, in any case', async () => {
    assert.deepEqual(await matching({ query: 'ANA.L' }), [ana]);
    assert.deepEqual(await matching({ query: 'lima' }), [ana, dee]);
    assert.deepEqual(await matching({ query: 'ima' }), []);
    assert.deepEqual(await matching({ query: '  bo ' }), [bo]);
  });

  it('takes % and _ in a search as themselves', async () => {
    assert.deepEqual(await matching({ query: '%' }), []);
    assert.deepEqual(await matching({ query: 'dee_' }), [dee]);
    assert.deepEqual(await matching({ query: 'de_' }), []);
  });

  it("files each reader under one state: complimentary access first, then the latest subscription's", async () => {
    assert.deepEqual(await matching({ state: 'active' }), [ana]);
    assert.deepEqual(await matching({ state: 'past_due' }), [bo]);
    assert.deepEqual(await matching({ state: 'expired' }), [cy]);
    assert.deepEqual(await matching({ state: 'complimentary' }), [dee]);
    assert.deepEqual(await matching({ state: 'trialing' }), []);
    assert.deepEqual(await matching({ state: 'free' }), [eve]);
    assert.deepEqual(await matching({ state: 'canceled' }), []);
  });

  it('filters by the plan of the latest subscription and by any offer redeemed', async () => {
    assert.deepEqual(await matching({ planId: printPlan.id }), [bo]);
    assert.deepEqual(await matching({ planId: digital.id }), [ana, cy, dee]);
    assert.deepEqual(await matching({ offerId: intro.id }), [ana]);
  });

  it('filters by signup date and source, all conditions together', async () => {
    assert.deepEqual(await matching({ signedUpFrom: new Date('2026-01-01T00:00:00Z'), signedUpBefore: new Date('2026-07-01T00:00:00Z') }), [ana, bo]);
    assert.deepEqual(await matching({ source: 'import' }), [bo, cy]);
    assert.deepEqual(await matching({ source: 'import', state: 'expired', query: 'cy' }), [cy]);
    assert.deepEqual(await matching({ source: 'import', state: 'active' }), []);
  });

  it("finds the gift recipients: a redeemed gift's access running now, neither ended nor revoked", async () => {
    assert.deepEqual(await matching({ giftRecipient: true }), [eve]);
    assert.deepEqual(await matching({ giftRecipient: true, state: 'free' }), [eve]);
    assert.deepEqual(await matching({ giftRecipient: true, source: 'import' }), []);
  });
});

describe("the desk's filter as its address gives it", () => {
  it("reads the days as whole days in the publication's time zone, the last one included", () => {
    assert.deepEqual(readerFilterOf({ from: '2026-03-01', to: '2026-03-31' }, 'America/New_York'), {
      signedUpFrom: new Date('2026-03-01T05:00:00Z'),
      signedUpBefore: new Date('2026-04-01T04:00:00Z'),
    });
  });

  it('keeps what is given and drops blank words', () => {
    assert.deepEqual(readerFilterOf({ q: '  ', state: 'past_due', plan: 2, offer: 3, source: 'import', gift: 'recipient' }, 'UTC'), {
      state: 'past_due',
      planId: 2,
      offerId: 3,
      source: 'import',
      giftRecipient: true,
    });
  });

  it('refuses a day the calendar does not have, naming the field', () => {
    assert.throws(
      () => readerFilterOf({ from: '2026-02-30' }, 'UTC'),
      (error: unknown) => error instanceof InvalidReaderFilterError && error.meaning.kind === 'invalid' && error.meaning.field === 'from',
    );
  });
});
