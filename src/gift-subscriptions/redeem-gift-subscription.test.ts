import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAccountRowById, insertAccount, toAccount } from '../accounts/account-repository.ts';
import { createIdentityCache } from '../http/identity-cache.ts';
import { readerOf, type ReaderIdentity } from '../http/reader-identity.ts';
import { addActiveSubscription, seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import type { GiftDuration } from './gift-calendar.ts';
import {
  claimGiftDelivery,
  claimGiftReminder,
  findGiftSubscription,
  findLiveGiftAccess,
  insertGiftSubscription,
  listGiftsDueForDelivery,
  listGiftsEndingBefore,
  markGiftPaid,
  revokeGiftRow,
} from './gift-subscription-repository.ts';
import { deriveRedemptionCodeKey, newRedemptionNonce, signRedemptionCode } from './redemption-code.ts';
import { checkRedemptionCode, redeemGiftSubscription } from './redeem-gift-subscription.ts';

const { db } = await openTestDatabase();
const now = new Date('2026-12-03T15:00:00Z');
const timeZone = 'America/New_York';
const key = deriveRedemptionCodeKey('the test secret');
await seedCatalogue(db, now);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const desk = await insertAccount(db, { email: 'desk@example.org', name: 'Desk Person', passwordHash: null, role: 'editor', now });

let readers = 0;
async function addReader(): Promise<number> {
  readers += 1;
  return insertAccount(db, { email: `reader${readers}@example.org`, name: `Reader ${readers}`, passwordHash: null, role: 'reader', now });
}

/** A gift bought now for the given day, paid unless told otherwise, and its redemption code. */
async function buyGift({ months = 3, deliveryDay = '2026-12-24', isPaid = true }: { months?: GiftDuration; deliveryDay?: string; isPaid?: boolean } = {}) {
  const codeNonce = newRedemptionNonce();
  const id = await insertGiftSubscription(
    db,
    {
      planId: plan.id,
      months,
      priceMinor: 4500,
      currency: 'USD',
      buyerName: 'Ines Giver',
      buyerEmail: 'ines@example.org',
      buyerAccountId: null,
      recipientName: 'Olu Friend',
      recipientEmail: 'olu@example.org',
      message: 'Happy birthday, read well',
      deliveryDay,
      deliverAt: new Date(`${deliveryDay}T05:00:00Z`),
      codeNonce,
      provider: 'test',
    },
    now,
  );
  if (isPaid) await markGiftPaid(db, id, now);
  return { id, code: signRedemptionCode({ giftId: id, nonce: codeNonce }, key) };
}

const redeem = (code: string, readerId: number, at = now) => redeemGiftSubscription(db, { code, readerId, key, now: at, timeZone });

async function readerKindOf(readerId: number, at: Date): Promise<string> {
  const account = toAccount(await findAccountRowById(db, readerId).then((row) => row ?? assert.fail('no account')));
  const identities = createIdentityCache<ReaderIdentity>({ maxAgeMs: 0 });
  return (await readerOf(account, { db, now: () => at, identities, verifyCrawler: async () => false })).kind;
}

describe('redeeming a gift subscription', () => {
  it('gives its recipient the plan’s access for its months on the publication’s calendar, and then no more', async () => {
    const gift = await buyGift();
    const reader = await addReader();
    assert.equal(await readerKindOf(reader, now), 'registered');
    const outcome = await redeem(gift.code, reader);
    const accessUntil = new Date('2027-03-03T15:00:00Z');
    assert.deepEqual(outcome, { kind: 'redeemed', giftId: gift.id, planId: plan.id, months: 3, startsAt: now, accessUntil });
    assert.deepEqual(await findLiveGiftAccess(db, reader, now), { planId: plan.id, accessUntil });
    assert.equal(await readerKindOf(reader, now), 'subscriber');
    assert.equal(await readerKindOf(reader, new Date('2027-03-03T14:59:59Z')), 'subscriber');
    assert.equal(await readerKindOf(reader, accessUntil), 'registered');
    assert.equal(await findLiveGiftAccess(db, reader, accessUntil), undefined);
  });

  it('tells its redeemer it is theirs on a second try, and anyone else that it is used', async () => {
    const gift = await buyGift();
    const [reader, other] = [await addReader(), await addReader()];
    const first = await redeem(gift.code, reader);
    assert.equal(first.kind, 'redeemed');
    assert.deepEqual(await redeem(gift.code, reader), { kind: 'redeemed-by-you', giftId: gift.id, accessUntil: new Date('2027-03-03T15:00:00Z') });
    assert.deepEqual(await redeem(gift.code, other), { kind: 'refused', reason: 'used' });
    assert.deepEqual((await checkRedemptionCode(db, { code: gift.code, readerId: null, key })).verdict, { kind: 'refused', reason: 'used' });
  });

  it('grants once when two readers redeem at the same moment', async () => {
    const gift = await buyGift();
    const contenders = await Promise.all([addReader(), addReader(), addReader(), addReader()]);
    const outcomes = await Promise.all(contenders.map((reader) => redeem(gift.code, reader)));
    assert.equal(outcomes.filter((outcome) => outcome.kind === 'redeemed').length, 1);
    assert.equal(outcomes.filter((outcome) => outcome.kind === 'refused' && outcome.reason === 'used').length, 3);
    const stored = await findGiftSubscription(db, gift.id);
    const winner = contenders[outcomes.findIndex((outcome) => outcome.kind === 'redeemed')];
    assert.equal(stored?.redeemedBy, winner);
  });

  it('grants once when one reader redeems in two tabs at once, and the other tab says it is theirs', async () => {
    const gift = await buyGift();
    const reader = await addReader();
    const outcomes = await Promise.all([redeem(gift.code, reader), redeem(gift.code, reader)]);
    assert.deepEqual(outcomes.map((outcome) => outcome.kind).sort(), ['redeemed', 'redeemed-by-you']);
  });

  it('says which: an altered code, one not yet paid for, a revoked one', async () => {
    const reader = await addReader();
    const gift = await buyGift();
    const altered = `${gift.code.slice(0, -2)}${gift.code.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.deepEqual(await redeem(altered, reader), { kind: 'refused', reason: 'altered' });
    assert.deepEqual(await checkRedemptionCode(db, { code: altered, readerId: reader, key }), { verdict: { kind: 'refused', reason: 'altered' }, gift: null });
    const otherKey = deriveRedemptionCodeKey('another server');
    assert.deepEqual(await redeemGiftSubscription(db, { code: gift.code, readerId: reader, key: otherKey, now, timeZone }), {
      kind: 'refused',
      reason: 'altered',
    });

    const unpaid = await buyGift({ isPaid: false });
    assert.deepEqual(await redeem(unpaid.code, reader), { kind: 'refused', reason: 'awaiting-payment' });

    assert.equal(await revokeGiftRow(db, { id: gift.id, by: desk, reason: 'Paid with a stolen card' }, now), true);
    assert.equal(await revokeGiftRow(db, { id: gift.id, by: desk, reason: 'Again' }, now), false);
    assert.deepEqual(await redeem(gift.code, reader), { kind: 'refused', reason: 'revoked' });
    assert.equal(await readerKindOf(reader, now), 'registered');
  });

  it('takes access away from its recipient when the desk revokes it', async () => {
    const gift = await buyGift();
    const reader = await addReader();
    await redeem(gift.code, reader);
    await revokeGiftRow(db, { id: gift.id, by: desk, reason: 'Refunded to the buyer' }, now);
    assert.equal(await findLiveGiftAccess(db, reader, now), undefined);
    assert.equal(await readerKindOf(reader, now), 'registered');
    assert.deepEqual(await redeem(gift.code, reader), { kind: 'refused', reason: 'revoked' });
  });

  it('refuses a reader paying for a subscription and keeps the code for someone else', async () => {
    const gift = await buyGift();
    const [subscriber, other] = [await addReader(), await addReader()];
    await addActiveSubscription(db, { accountId: subscriber, planId: plan.id, now });
    assert.deepEqual(await redeem(gift.code, subscriber), { kind: 'refused', reason: 'already-subscribed' });
    assert.equal((await redeem(gift.code, other)).kind, 'redeemed');
  });

  it('adds a second gift’s months after the first one’s', async () => {
    const [first, second] = [await buyGift({ months: 3 }), await buyGift({ months: 6 })];
    const reader = await addReader();
    await redeem(first.code, reader);
    const later = new Date('2027-01-10T12:00:00Z');
    const outcome = await redeem(second.code, reader, later);
    assert.deepEqual(outcome, {
      kind: 'redeemed',
      giftId: second.id,
      planId: plan.id,
      months: 6,
      startsAt: new Date('2027-03-03T15:00:00Z'),
      accessUntil: new Date('2027-09-03T14:00:00Z'),
    });
    assert.deepEqual(await findLiveGiftAccess(db, reader, later), { planId: plan.id, accessUntil: new Date('2027-09-03T14:00:00Z') });
  });

  it('may be redeemed before its delivery day, from the buyer’s printed code, and is then not delivered', async () => {
    const gift = await buyGift({ deliveryDay: '2027-05-01' });
    await redeem(gift.code, await addReader());
    assert.equal(await claimGiftDelivery(db, gift.id, new Date('2027-05-01T06:00:00Z')), false);
  });
});

describe('the gift subscriptions’ records', () => {
  it('mark a gift paid once, however many confirmations come', async () => {
    const gift = await buyGift({ isPaid: false });
    const confirmations = await Promise.all([markGiftPaid(db, gift.id, now), markGiftPaid(db, gift.id, now), markGiftPaid(db, gift.id, now)]);
    assert.deepEqual(confirmations.sort(), [false, false, true]);
  });

  it('list the paid gifts whose delivery moment has come, and let one round alone claim each', async () => {
    await db.deleteFrom('gift_subscriptions').execute();
    const due = await buyGift({ deliveryDay: '2026-12-24' });
    await buyGift({ deliveryDay: '2026-12-25' });
    await buyGift({ deliveryDay: '2026-12-24', isPaid: false });
    const revoked = await buyGift({ deliveryDay: '2026-12-24' });
    await revokeGiftRow(db, { id: revoked.id, by: desk, reason: 'Fraud' }, now);
    const christmasEve = new Date('2026-12-24T05:00:00Z');
    assert.deepEqual(
      (await listGiftsDueForDelivery(db, christmasEve, 50)).map((gift) => gift.id),
      [due.id],
    );
    assert.deepEqual(
      (await listGiftsDueForDelivery(db, new Date('2026-12-24T04:59:59Z'), 50)).map((gift) => gift.id),
      [],
    );
    const claims = await Promise.all([claimGiftDelivery(db, due.id, christmasEve), claimGiftDelivery(db, due.id, christmasEve)]);
    assert.deepEqual(claims.sort(), [false, true]);
    assert.deepEqual(await listGiftsDueForDelivery(db, christmasEve, 50), []);
  });

  it('list the live gifts ending soon and not yet reminded, and let one round alone claim each reminder', async () => {
    await db.deleteFrom('gift_subscriptions').execute();
    const gift = await buyGift();
    const reader = await addReader();
    await redeem(gift.code, reader);
    const accessUntil = new Date('2027-03-03T15:00:00Z');
    const fortnightBefore = new Date('2027-02-17T15:00:00Z');
    assert.deepEqual((await listGiftsEndingBefore(db, { now: new Date('2027-02-01T00:00:00Z'), before: new Date('2027-02-15T00:00:00Z') }, 50)).length, 0);
    assert.deepEqual(
      (await listGiftsEndingBefore(db, { now: fortnightBefore, before: accessUntil }, 50)).map((listed) => listed.id),
      [gift.id],
    );
    const claims = await Promise.all([claimGiftReminder(db, gift.id, fortnightBefore), claimGiftReminder(db, gift.id, fortnightBefore)]);
    assert.deepEqual(claims.sort(), [false, true]);
    assert.deepEqual(await listGiftsEndingBefore(db, { now: fortnightBefore, before: accessUntil }, 50), []);
    assert.deepEqual(await listGiftsEndingBefore(db, { now: accessUntil, before: new Date('2027-04-01T00:00:00Z') }, 50), []);
  });
});
