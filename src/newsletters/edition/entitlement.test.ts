import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staffRoles, type Role } from '../../accounts/account.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import { insertSubscription } from '../../commerce/subscription-repository.ts';
import type { SubscriptionState } from '../../commerce/subscription.ts';
import { insertComplimentaryAccess, revokeComplimentaryAccessRow } from '../../readers/complimentary-access-repository.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { entitledAccounts, entitlementBatchSize, isEntitledReader, variantOf } from './entitlement.ts';

const now = new Date('2026-11-20T12:00:00Z');
const day = 86_400_000;
const at = (days: number) => new Date(now.getTime() + days * day);
/** The default grace period: seven days. */
const clock = { now, gracePeriodMs: 7 * day };

const state = (overrides: Partial<SubscriptionState>): SubscriptionState => ({
  status: 'active',
  currentPeriodEnd: at(20),
  trialEnd: null,
  pastDueSince: null,
  endedFrom: null,
  resumeTo: null,
  ...overrides,
});

/** Each subscription state, and whether it entitles its reader at `now`. */
const subscriptionStates: { name: string; state: SubscriptionState; isEntitled: boolean }[] = [
  { name: 'trialing', state: state({ status: 'trialing', trialEnd: at(5), currentPeriodEnd: at(5) }), isEntitled: true },
  { name: 'active', state: state({}), isEntitled: true },
  { name: 'active, renewal awaited within the grace period', state: state({ currentPeriodEnd: at(-2) }), isEntitled: true },
  { name: 'active, past its period and the grace period', state: state({ currentPeriodEnd: at(-8) }), isEntitled: false },
  { name: 'canceled, within what was paid', state: state({ status: 'canceled', resumeTo: 'active', currentPeriodEnd: at(3) }), isEntitled: true },
  { name: 'canceled, past what was paid', state: state({ status: 'canceled', resumeTo: 'active', currentPeriodEnd: at(-1) }), isEntitled: false },
  { name: 'past due within the grace period', state: state({ status: 'past_due', pastDueSince: at(-3), currentPeriodEnd: at(-3) }), isEntitled: true },
  { name: 'past due beyond the grace period', state: state({ status: 'past_due', pastDueSince: at(-9), currentPeriodEnd: at(-9) }), isEntitled: false },
  { name: 'expired', state: state({ status: 'expired', endedFrom: 'subscription', currentPeriodEnd: at(-30) }), isEntitled: false },
];

const grant = (overrides: { startsAt?: Date; endsAt?: Date | null; revokedAt?: Date | null }) => ({
  startsAt: at(-10),
  endsAt: null,
  revokedAt: null,
  ...overrides,
});
const complimentaryGrants = [
  { name: 'open-ended', grant: grant({}), isEntitled: true },
  { name: 'until a later day', grant: grant({ endsAt: at(10) }), isEntitled: true },
  { name: 'ended', grant: grant({ endsAt: at(-1) }), isEntitled: false },
  { name: 'revoked', grant: grant({ revokedAt: at(-1) }), isEntitled: false },
  { name: 'not yet begun', grant: grant({ startsAt: at(1) }), isEntitled: false },
];

/** A subscription as the repository gives it; only its state matters here. */
const fakeSubscription = {
  id: 1,
  accountId: 1,
  planId: 1,
  offerId: null,
  provider: 'test',
  providerSubscriptionId: null,
  state: state({}),
  introPeriodsLeft: 0,
  trialReminderSentAt: null,
  providerEventAt: null,
  version: 1,
} as const;

describe('who is entitled to a full copy', () => {
  it('gives the entitled the full variant and everyone else the preview', () => {
    assert.equal(variantOf(true), 'full');
    assert.equal(variantOf(false), 'preview');
  });

  for (const { name, state: subscriptionState, isEntitled } of subscriptionStates) {
    it(`${isEntitled ? 'entitles' : 'does not entitle'} a reader whose latest subscription is ${name}`, () => {
      const latestSubscription = { ...fakeSubscription, state: subscriptionState };
      assert.equal(isEntitledReader({ role: 'reader', latestSubscription, complimentaryAccess: [] }, clock), isEntitled);
    });
  }

  for (const { name, grant: given, isEntitled } of complimentaryGrants) {
    it(`${isEntitled ? 'entitles' : 'does not entitle'} a reader with complimentary access ${name}`, () => {
      assert.equal(isEntitledReader({ role: 'reader', latestSubscription: undefined, complimentaryAccess: [given] }, clock), isEntitled);
    });
  }

  it('entitles every staff role, and not a reader with nothing', () => {
    for (const role of staffRoles) assert.equal(isEntitledReader({ role, latestSubscription: undefined, complimentaryAccess: [] }, clock), true, role);
    assert.equal(isEntitledReader({ role: 'reader', latestSubscription: undefined, complimentaryAccess: [] }, clock), false);
  });
});

describe('finding the entitled among many readers', async () => {
  const { db } = await openTestDatabase();
  await seedCatalogue(db, now);
  const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
  let count = 0;
  const addReader = (role: Role = 'reader') => {
    count += 1;
    return insertAccount(db, { email: `entitlement${count}@example.org`, name: `Reader ${count}`, passwordHash: null, role, now });
  };
  const subscribe = (accountId: number, subscriptionState: SubscriptionState) =>
    insertSubscription(
      db,
      {
        accountId,
        planId: plan.id,
        offerId: null,
        provider: 'test',
        providerSubscriptionId: null,
        providerCustomerId: null,
        providerEventAt: null,
        introPeriodsLeft: 0,
        state: subscriptionState,
      },
      at(-60),
    );

  const expected = new Set<number>();
  const everyone: number[] = [];
  for (const { state: subscriptionState, isEntitled } of subscriptionStates) {
    const accountId = await addReader();
    await subscribe(accountId, subscriptionState);
    everyone.push(accountId);
    if (isEntitled) expected.add(accountId);
  }
  for (const { grant: given, isEntitled } of complimentaryGrants) {
    const accountId = await addReader();
    const id = await insertComplimentaryAccess(
      db,
      { accountId, startsAt: given.startsAt, endsAt: given.endsAt, reason: 'Press pass', grantedBy: null },
      at(-10),
    );
    if (given.revokedAt) await revokeComplimentaryAccessRow(db, id, given.revokedAt);
    everyone.push(accountId);
    if (isEntitled) expected.add(accountId);
  }
  for (const role of staffRoles) {
    const accountId = await addReader(role);
    everyone.push(accountId);
    expected.add(accountId);
  }
  const lapsedSince = await addReader();
  // An older live subscription does not count: the latest decides, as on the site.
  await subscribe(lapsedSince, state({}));
  await subscribe(lapsedSince, state({ status: 'expired', endedFrom: 'subscription', currentPeriodEnd: at(-30) }));
  const nobody = await addReader();
  everyone.push(lapsedSince, nobody);

  it('finds the entitled readers by each subscription state, complimentary access and staff role', async () => {
    assert.deepEqual(
      [...(await entitledAccounts(db, everyone, now))].sort((a, b) => a - b),
      [...expected].sort((a, b) => a - b),
    );
  });

  it('asks in batches, so a send larger than the database’s parameter limit is answered whole', async () => {
    const missing = Array.from({ length: 2 * entitlementBatchSize + 37 }, (_, index) => 1_000_000 + index);
    const found = await entitledAccounts(db, [...missing.slice(0, 600), ...everyone, ...everyone, ...missing.slice(600)], now);
    assert.deepEqual(
      [...found].sort((a, b) => a - b),
      [...expected].sort((a, b) => a - b),
    );
  });

  it('is empty for no readers', async () => {
    assert.equal((await entitledAccounts(db, [], now)).size, 0);
  });
});
