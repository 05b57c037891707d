import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertAccount } from '../accounts/account-repository.ts';
import type { MailMessage } from '../mail/mailer.ts';
import { seedCatalogue } from '../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createTestLedger } from '../../test/insights.ts';
import { parseGiftPurchase } from './gift-purchase.ts';
import { confirmGiftPayment, type GiftPaymentContext, startGiftPurchase } from './gift-purchase-operations.ts';
import { findGiftSubscription } from './gift-subscription-repository.ts';
import { defaultGiftSubscriptionSettings } from './gift-subscription-settings.ts';
import { deriveRedemptionCodeKey } from './redemption-code.ts';
import { redeemGiftSubscription } from './redeem-gift-subscription.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-12-03T15:00:00Z');
const key = deriveRedemptionCodeKey('the test secret');
await seedCatalogue(db, now);
const plan = await db.selectFrom('plans').select(['id', 'currency']).where('slug', '=', 'digital').executeTakeFirstOrThrow();
const settings = { ...defaultGiftSubscriptionSettings, planId: plan.id, pricesMinor: { 3: 4500, 6: 8000, 12: 15000 } };

const sent: MailMessage[] = [];
const ctx: GiftPaymentContext = {
  db,
  key,
  mailer: { send: async (message) => void sent.push(message) },
  redemptionLink: (code) => `https://news.example/gift-subscriptions/redeem?code=${encodeURIComponent(code)}`,
  insights: createTestLedger({ db, dialect }),
};

async function startPurchase(buyerEmail: string): Promise<number> {
  const form = {
    buyerName: 'Ines Giver',
    buyerEmail,
    recipientName: 'Olu Friend',
    recipientEmail: 'olu@example.org',
    message: 'Read well',
    deliveryDay: '2026-12-24',
    months: '12',
  };
  const parsed = parseGiftPurchase(form, { settings, now, timeZone: 'UTC' });
  assert.equal(parsed.kind, 'valid');
  if (parsed.kind !== 'valid') throw new Error('the form did not parse');
  return startGiftPurchase(db, { purchase: parsed.purchase, plan, buyerAccountId: null, provider: 'test', now });
}

describe('buying a gift subscription', () => {
  it('records the purchase unpaid, at the price and in the plan’s currency it was read with', async () => {
    const id = await startPurchase('first@example.org');
    const gift = await findGiftSubscription(db, id);
    assert.equal(gift?.paidAt, null);
    assert.deepEqual([gift?.months, gift?.priceMinor, gift?.currency, gift?.deliverAt.toISOString()], [12, 15000, plan.currency, '2026-12-24T00:00:00.000Z']);
  });

  it('is confirmed once however many confirmations come at once, and the buyer gets one receipt with a link that redeems', async () => {
    const id = await startPurchase('once@example.org');
    const results = await Promise.all([
      confirmGiftPayment(ctx, { giftId: id, now }),
      confirmGiftPayment(ctx, { giftId: id, now }),
      confirmGiftPayment(ctx, { giftId: id, now }),
    ]);
    assert.deepEqual(results.sort(), ['already-confirmed', 'already-confirmed', 'confirmed']);
    const sales = await db
      .selectFrom('payments')
      .select(['kind', 'status', 'amount_minor', 'currency', 'subscription_id'])
      .where('amount_minor', '=', 15000)
      .execute();
    assert.deepEqual(
      sales.map((sale) => ({ ...sale })),
      [{ kind: 'charge', status: 'succeeded', amount_minor: 15000, currency: plan.currency, subscription_id: null }],
      'one sale in the payments ledger, which revenue sums',
    );
    await ctx.insights.flush();
    const bought = await db.selectFrom('insight_events').select(['plan_id', 'detail', 'amount_minor', 'currency']).where('kind', '=', 'gift-bought').execute();
    assert.deepEqual(
      bought.map((event) => ({ ...event })),
      [{ plan_id: plan.id, detail: '12', amount_minor: 15000, currency: plan.currency }],
    );
    const receipts = sent.filter((message) => message.to === 'once@example.org');
    assert.equal(receipts.length, 1);
    assert.equal(receipts[0]?.kind, 'gift-subscription-receipt');
    assert.equal(receipts[0]?.subject, 'Your gift of Dateline for Olu Friend');
    assert.match(receipts[0]?.text ?? '', /payment of \$150 for 12 months of Dateline for Olu Friend\. We will email olu@example\.org on December 24, 2026/);
    const code = new URL(/https:\S+/.exec(receipts[0]?.text ?? '')?.[0] ?? 'https://x').searchParams.get('code') ?? '';
    const reader = await insertAccount(db, { email: 'olu@example.org', name: 'Olu Friend', passwordHash: null, role: 'reader', now });
    assert.equal((await redeemGiftSubscription(db, { code, readerId: reader, key, now, timeZone: 'UTC' })).kind, 'redeemed');
    assert.equal(await confirmGiftPayment(ctx, { giftId: id, now }), 'already-confirmed');
    assert.equal(sent.filter((message) => message.to === 'once@example.org').length, 1);
  });

  it('confirms no gift that does not exist', async () => {
    assert.equal(await confirmGiftPayment(ctx, { giftId: 999_999, now }), 'not-found');
  });
});
