import { loadConfig } from '../src/config/config.ts';
import { insertGiftSubscription, markGiftPaid } from '../src/gift-subscriptions/gift-subscription-repository.ts';
import { deriveRedemptionCodeKey, newRedemptionNonce, type RedemptionCodeKey, signRedemptionCode } from '../src/gift-subscriptions/redemption-code.ts';
import { plantGiftSubscription } from '../test/gift-subscription-fixtures.ts';
import { now, unique, type World } from './role-fixtures.ts';

const keys = new WeakMap<World, RedemptionCodeKey>();

/** The key the world's apps sign redemption codes with: from the secret they keep in the data folder. */
function redemptionKeyOf(world: World): RedemptionCodeKey {
  let key = keys.get(world);
  if (key === undefined) {
    key = deriveRedemptionCodeKey(loadConfig({ DATA_DIR: world.database.dataDir, NODE_ENV: 'test' }, process.cwd()).secret);
    keys.set(world, key);
  }
  return key;
}

/** A paid gift subscription of its own, not yet redeemed, and its redemption code: one for each request. */
export async function giftSubscriptionCodeOf(world: World): Promise<string> {
  const plan = await world.db.selectFrom('plans').select(['id', 'currency']).orderBy('id').executeTakeFirstOrThrow();
  const n = unique();
  const codeNonce = newRedemptionNonce();
  const id = await insertGiftSubscription(
    world.db,
    {
      planId: plan.id,
      months: 3,
      priceMinor: 4500,
      currency: plan.currency,
      buyerName: `Hardening Giver ${n}`,
      buyerEmail: `giver-${n}@example.org`,
      buyerAccountId: null,
      recipientName: `Hardening Recipient ${n}`,
      recipientEmail: `recipient-${n}@example.org`,
      message: 'A gift for the route checks',
      deliveryDay: now.toISOString().slice(0, 10),
      deliverAt: now,
      codeNonce,
      provider: 'test',
    },
    now,
  );
  await markGiftPaid(world.db, id, now);
  return signRedemptionCode({ giftId: id, nonce: codeNonce }, redemptionKeyOf(world));
}

/** A paid gift subscription of its own, not yet redeemed, for the desk to open and revoke: one for each request. */
export async function giftSubscriptionOf(world: World): Promise<number> {
  const plan = await world.db.selectFrom('plans').select('id').orderBy('id').executeTakeFirstOrThrow();
  const n = unique();
  return plantGiftSubscription(world.db, {
    planId: plan.id,
    now,
    state: 'paid',
    buyerEmail: `giver-${n}@example.org`,
    recipientEmail: `recipient-${n}@example.org`,
  });
}
