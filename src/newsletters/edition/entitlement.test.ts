import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staffRoles, type Role } from '../../accounts/account.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import { insertSubscription } from '../../commerce/subscription-repository.ts';
import type { SubscriptionState } from '../../commerce/subscription.ts';
import { insertComplimentaryAccess, revokeComplimentaryAccessRow } from '../../readers/complimentary-access-repository.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { addRedeemedGiftSubscription } from '../../../test/gift-subscription-fixtures.ts';
import { plantOrganisation } from '../../../test/organisation-fixtures.ts';
import { admitMember } from '../../organisations/membership.ts';
import { entitledAccounts, entitlementBatchSize, variantOf } from './entitlement.ts';
import { at, complimentaryGrants, now, state, subscriptionStates } from '../../../test/entitlement-cases.ts';

describe('who is entitled to a full copy', () => {
  it('gives the entitled the full variant and everyone else the preview', () => {
    assert.equal(variantOf({ kind: 'subscriber', readerId: 1, tiers: [] }, []), 'full');
    assert.equal(variantOf({ kind: 'staff', readerId: 2 }, []), 'full');
    assert.equal(variantOf(undefined, []), 'preview');
  });

  it('gives the full variant of a send with tier-locked articles only to readers holding every tier it requires', () => {
    const send = ['premium', 'archive'];
    assert.equal(variantOf({ kind: 'subscriber', readerId: 1, tiers: ['premium'] }, send), 'preview');
    assert.equal(variantOf({ kind: 'subscriber', readerId: 1, tiers: ['premium', 'archive'] }, send), 'full');
    assert.equal(variantOf({ kind: 'subscriber', readerId: 1, tiers: 'every-tier' }, send), 'full');
    assert.equal(variantOf({ kind: 'staff', readerId: 2 }, send), 'full');
    assert.equal(variantOf(undefined, send), 'preview');
  });
});

describe('finding the entitled among many readers', async () => {
  const { db, dialect } = await openTestDatabase();
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
  // A gift subscription's recipient and an organisation's member read by a plan they did not pay for.
  const giftRecipient = await addReader();
  await addRedeemedGiftSubscription(db, { accountId: giftRecipient, planId: plan.id, now });
  const revokedRecipient = await addReader();
  const revoker = await addReader('admin');
  await addRedeemedGiftSubscription(db, { accountId: revokedRecipient, planId: plan.id, now, revokedBy: revoker });
  const member = await addReader();
  const organisationId = await plantOrganisation(db, now, { seats: '5' });
  await admitMember(db, dialect, { organisationId, accountId: member, route: 'staff', now });
  const endedMember = await addReader();
  const endedOrganisationId = await plantOrganisation(db, at(-400), { seats: '5' });
  await admitMember(db, dialect, { organisationId: endedOrganisationId, accountId: endedMember, route: 'staff', now: at(-390) });
  everyone.push(giftRecipient, revokedRecipient, revoker, member, endedMember);
  for (const entitled of [giftRecipient, revoker, member]) expected.add(entitled);
  const lapsedSince = await addReader();
  // An older live subscription does not count: the latest decides, as on the site.
  await subscribe(lapsedSince, state({}));
  await subscribe(lapsedSince, state({ status: 'expired', endedFrom: 'subscription', currentPeriodEnd: at(-30) }));
  const nobody = await addReader();
  everyone.push(lapsedSince, nobody);

  it('finds the entitled readers by each subscription state, complimentary access, staff role, gift subscription and seat', async () => {
    assert.deepEqual(
      [...(await entitledAccounts(db, everyone, now)).keys()].sort((a, b) => a - b),
      [...expected].sort((a, b) => a - b),
    );
  });

  it('asks in batches, so a send larger than the database’s parameter limit is answered whole', async () => {
    const missing = Array.from({ length: 2 * entitlementBatchSize + 37 }, (_, index) => 1_000_000 + index);
    const found = await entitledAccounts(db, [...missing.slice(0, 600), ...everyone, ...everyone, ...missing.slice(600)], now);
    assert.deepEqual(
      [...found.keys()].sort((a, b) => a - b),
      [...expected].sort((a, b) => a - b),
    );
  });

  it('is empty for no readers', async () => {
    assert.equal((await entitledAccounts(db, [], now)).size, 0);
  });
});
