import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertAccount } from '../accounts/account-repository.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { plantGiftSubscription } from '../../test/gift-subscription-fixtures.ts';
import { type GiftListFilter, giftListPageSize, listGifts } from './gift-list.ts';
import { findGiftSubscription } from './gift-subscription-repository.ts';
import { stateOfGiftSubscription } from './gift-subscription.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-12-03T15:00:00Z');
await seedCatalogue(db, now);
const plan = await db.selectFrom('plans').select(['id', 'name']).where('slug', '=', 'digital').executeTakeFirstOrThrow();
const desk = await insertAccount(db, { email: 'desk@example.org', name: 'Desk Person', passwordHash: null, role: 'editor', now });
const olu = await insertAccount(db, { email: 'olu.account@example.net', name: 'Olu', passwordHash: null, role: 'reader', now });

const unpaid = await plantGiftSubscription(db, {
  planId: plan.id,
  now,
  state: 'awaiting-payment',
  buyerEmail: 'Ana@Example.org',
  recipientEmail: 'bo@example.org',
});
const paid = await plantGiftSubscription(db, { planId: plan.id, now, state: 'paid', recipientEmail: 'cy_1@example.org' });
const delivered = await plantGiftSubscription(db, { planId: plan.id, now, state: 'delivered', recipientEmail: 'cyx1@example.org' });
const redeemed = await plantGiftSubscription(db, { planId: plan.id, now, state: 'redeemed', recipientEmail: 'olu@example.org', redeemedBy: olu });
const revoked = await plantGiftSubscription(db, { planId: plan.id, now, state: 'revoked', redeemedBy: olu, revokedBy: desk });

async function found(filter: GiftListFilter): Promise<number[]> {
  const { total, gifts } = await listGifts(db, { filter, page: 1 });
  assert.equal(total, gifts.length);
  return gifts.map((gift) => gift.id);
}

describe(`the newsroom's list of gift subscriptions (${dialect})`, () => {
  it('lists every gift, the newest first, with its plan and the address of the account that redeemed it', async () => {
    const { gifts } = await listGifts(db, { filter: {}, page: 1 });
    assert.deepEqual(
      gifts.map((gift) => gift.id),
      [revoked, redeemed, delivered, paid, unpaid],
    );
    assert.equal(gifts[1]?.planName, plan.name);
    assert.equal(gifts[1]?.redeemerEmail, 'olu.account@example.net');
    assert.equal(gifts[4]?.redeemerEmail, null);
  });

  it('files each gift under the state stateOfGiftSubscription gives it', async () => {
    for (const [state, id] of [
      ['awaiting-payment', unpaid],
      ['paid', paid],
      ['delivered', delivered],
      ['redeemed', redeemed],
      ['revoked', revoked],
    ] as const) {
      assert.deepEqual(await found({ state }), [id], state);
      const gift = await findGiftSubscription(db, id);
      assert.equal(gift && stateOfGiftSubscription(gift).kind, state);
    }
  });

  it("finds by the start of the buyer's, the recipient's or the redeemer's address, in any case, % and _ as themselves", async () => {
    assert.deepEqual(await found({ address: 'ana@' }), [unpaid]);
    assert.deepEqual(await found({ address: ' BO@ ' }), [unpaid]);
    assert.deepEqual(await found({ address: 'olu.account' }), [revoked, redeemed]);
    assert.deepEqual(await found({ address: 'cy_' }), [paid]);
    assert.deepEqual(await found({ address: '%' }), []);
    assert.deepEqual(await found({ address: 'olu', state: 'redeemed' }), [redeemed]);
  });

  it('pages by fifty, counting them all', async () => {
    for (let index = 0; index < giftListPageSize; index += 1) {
      await plantGiftSubscription(db, { planId: plan.id, now, state: 'paid', recipientEmail: `many${index}@example.com` });
    }
    const first = await listGifts(db, { filter: { address: 'many' }, page: 1 });
    const second = await listGifts(db, { filter: { address: 'many' }, page: 2 });
    assert.equal(first.total, giftListPageSize);
    assert.equal(first.gifts.length, giftListPageSize);
    assert.equal(second.gifts.length, 0);
    assert.equal((await listGifts(db, { filter: {}, page: 2 })).gifts.length, 5);
  });
});
