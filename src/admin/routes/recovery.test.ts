import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { recordPayment } from '../../commerce/payment-ledger.ts';

const now = new Date('2026-12-02T12:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
await seedCatalogue(db, now);
const app = await buildTestApp(database, { now: () => now });
const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();

/** A subscriber with the given charges on their ledger, and the subscription's status now. */
async function subscriberWith(charges: { status: 'succeeded' | 'failed'; at: string; amountMinor?: number }[], status: 'active' | 'past_due' | 'expired') {
  const reader = await signedInCookie(db, 'reader', now);
  const subscriptionId = await addActiveSubscription(db, { accountId: reader.accountId, planId: plan.id, now });
  await db.updateTable('subscriptions').set({ status }).where('id', '=', subscriptionId).execute();
  for (const charge of charges) {
    await recordPayment(db, {
      accountId: reader.accountId,
      subscriptionId,
      provider: 'test',
      providerPaymentId: null,
      kind: 'charge',
      status: charge.status,
      amountMinor: charge.amountMinor ?? 1500,
      currency: 'USD',
      refundOf: null,
      occurredAt: new Date(charge.at),
    });
  }
}

const figuresPage = (cookie: string) => app.inject({ method: 'GET', url: '/admin/readers/recovery', headers: { cookie } });

describe(`the desk's recovery figures (${dialect})`, () => {
  it('are for the desk and administrators alone', async () => {
    for (const role of ['reader', 'author', 'editor', 'contributor'] as const) {
      assert.equal((await figuresPage((await signedInCookie(db, role, now)).cookie)).statusCode, 403, role);
    }
    for (const role of ['support', 'admin'] as const) {
      const response = await figuresPage((await signedInCookie(db, role, now)).cookie);
      assert.equal(response.statusCode, 200, role);
      assert.match(String(response.headers['cache-control']), /private, no-store/);
    }
  });

  it('show by month how many failed payments were recovered, lost or are still open, and what they came to', async () => {
    await subscriberWith(
      [
        { status: 'failed', at: '2026-11-03T10:00:00Z' },
        { status: 'succeeded', at: '2026-11-05T10:00:00Z', amountMinor: 1400 },
      ],
      'active',
    );
    await subscriberWith([{ status: 'failed', at: '2026-11-10T10:00:00Z', amountMinor: 900 }], 'expired');
    await subscriberWith([{ status: 'failed', at: '2026-12-01T10:00:00Z' }], 'past_due');
    await subscriberWith([{ status: 'succeeded', at: '2026-11-01T10:00:00Z' }], 'active');
    const { cookie } = await signedInCookie(db, 'support', now);
    const body = (await figuresPage(cookie)).body;
    const rows = [...body.matchAll(/<tr>\s*<th scope="row"[^>]*>([^<]+)<\/th>([\s\S]*?)<\/tr>/g)].map(([, month, cells]) => [
      month,
      ...[...(cells ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map(([, cell]) => cell),
    ]);
    assert.deepEqual(rows, [
      ['December 2026', '1', '0', '', '0', '', '1', '—'],
      ['November 2026', '2', '1', '$14', '1', '$9', '0', '50 %'],
    ]);
  });
});
