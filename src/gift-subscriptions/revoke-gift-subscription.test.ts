import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAccountRowById, insertAccount, toAccount } from '../accounts/account-repository.ts';
import { listAudit } from '../newsroom/audit-log.ts';
import { listReaderEvents } from '../readers/reader-events.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { plantGiftSubscription } from '../../test/gift-subscription-fixtures.ts';
import { findGiftSubscription, findLiveGiftAccess } from './gift-subscription-repository.ts';
import { GiftRevocationError, revokeGiftSubscription } from './revoke-gift-subscription.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-12-03T15:00:00Z');
const later = new Date('2026-12-10T09:00:00Z');
await seedCatalogue(db, now);
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const deskId = await insertAccount(db, { email: 'desk@example.org', name: 'Desk Person', passwordHash: null, role: 'support', now });
const staff = toAccount((await findAccountRowById(db, deskId)) ?? assert.fail('no desk account'));
let readers = 0;
const addReader = () => {
  readers += 1;
  return insertAccount(db, { email: `reader${readers}@example.org`, name: `Reader ${readers}`, passwordHash: null, role: 'reader', now });
};

describe(`revoking a gift subscription (${dialect})`, () => {
  it("ends a redeemed gift's access at once, audited, on the recipient's and the buyer's timelines", async () => {
    const [recipient, buyer] = [await addReader(), await addReader()];
    const id = await plantGiftSubscription(db, { planId: plan.id, now, state: 'redeemed', redeemedBy: recipient, buyerAccountId: buyer });
    assert.ok(await findLiveGiftAccess(db, recipient, later));

    const { gift, endedAccess } = await revokeGiftSubscription(db, { giftId: id, staff, reason: 'Paid with a stolen card', now: later });
    assert.equal(endedAccess, true);
    assert.deepEqual(gift.revokedAt, later);
    assert.equal(await findLiveGiftAccess(db, recipient, later), undefined);
    const stored = await findGiftSubscription(db, id);
    assert.equal(stored?.revokeReason, 'Paid with a stolen card');

    const [audit] = await listAudit(db, 1);
    assert.equal(audit?.action, 'revoked gift subscription');
    assert.equal(audit?.subject, `gift subscription #${id}`);
    assert.equal(audit?.detail, '3 months, access ended. Reason: Paid with a stolen card');
    assert.equal(audit?.account_id, deskId);

    const [received] = await listReaderEvents(db, recipient);
    assert.deepEqual(
      { ...received, id: 0 },
      {
        id: 0,
        kind: 'gift-subscription-revoked',
        giftId: id,
        months: 3,
        side: 'received',
        endedAccess: true,
        reason: 'Paid with a stolen card',
        accountId: recipient,
        occurredAt: later,
        actorId: deskId,
      },
    );
    const [bought] = await listReaderEvents(db, buyer);
    assert.equal(bought?.kind === 'gift-subscription-revoked' && bought.side, 'bought');
  });

  it('stops a code not yet redeemed from redeeming, with no timeline to write when no account is named', async () => {
    for (const state of ['awaiting-payment', 'paid', 'delivered'] as const) {
      const id = await plantGiftSubscription(db, { planId: plan.id, now, state });
      const { endedAccess } = await revokeGiftSubscription(db, { giftId: id, staff, reason: 'Asked by the buyer', now: later });
      assert.equal(endedAccess, false, state);
      assert.deepEqual((await findGiftSubscription(db, id))?.revokedAt, later, state);
    }
  });

  it('writes one line when the buyer redeemed their own gift', async () => {
    const reader = await addReader();
    const id = await plantGiftSubscription(db, { planId: plan.id, now, state: 'redeemed', redeemedBy: reader, buyerAccountId: reader });
    await revokeGiftSubscription(db, { giftId: id, staff, reason: 'Refunded', now: later });
    assert.deepEqual(
      (await listReaderEvents(db, reader)).map((event) => event.kind === 'gift-subscription-revoked' && event.side),
      ['received'],
    );
  });

  it('refuses a gift already revoked, and one that does not exist, changing nothing', async () => {
    const id = await plantGiftSubscription(db, { planId: plan.id, now, state: 'revoked', revokedBy: deskId });
    const auditBefore = (await listAudit(db)).length;
    await assert.rejects(
      revokeGiftSubscription(db, { giftId: id, staff, reason: 'Again', now: later }),
      (error: unknown) => error instanceof GiftRevocationError && error.meaning.kind === 'conflict',
    );
    assert.deepEqual((await findGiftSubscription(db, id))?.revokedAt, now);
    await assert.rejects(
      revokeGiftSubscription(db, { giftId: 999_999, staff, reason: 'Nothing', now: later }),
      (error: unknown) => error instanceof GiftRevocationError && error.meaning.kind === 'not-found',
    );
    assert.equal((await listAudit(db)).length, auditBefore);
  });

  it('grants one revocation of two at once', async () => {
    const reader = await addReader();
    const id = await plantGiftSubscription(db, { planId: plan.id, now, state: 'redeemed', redeemedBy: reader });
    const outcomes = await Promise.allSettled([
      revokeGiftSubscription(db, { giftId: id, staff, reason: 'First', now: later }),
      revokeGiftSubscription(db, { giftId: id, staff, reason: 'Second', now: later }),
    ]);
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
    assert.equal((await listReaderEvents(db, reader)).length, 1);
  });
});
