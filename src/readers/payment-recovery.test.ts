import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SubscriptionStatus } from '../commerce/subscription.ts';
import { tallyRecovery, type LedgerCharge } from './payment-recovery.ts';

const charge = (subscriptionId: number, status: LedgerCharge['status'], at: string, amountMinor = 1500, currency = 'USD'): LedgerCharge => ({
  subscriptionId,
  status,
  amountMinor,
  currency,
  occurredAt: new Date(at),
});

describe("the desk's recovery figures", () => {
  const statuses = new Map<number, SubscriptionStatus>([
    [1, 'active'],
    [2, 'expired'],
    [3, 'past_due'],
    [4, 'active'],
  ]);
  const statusOf = (id: number) => statuses.get(id);

  it('count a failure recovered by the next charge that goes through, lost when the subscription ended, open otherwise', () => {
    const months = tallyRecovery(
      [
        charge(1, 'succeeded', '2026-10-01T10:00:00Z'),
        charge(1, 'failed', '2026-11-01T10:00:00Z'),
        charge(1, 'failed', '2026-11-04T10:00:00Z'),
        charge(1, 'succeeded', '2026-11-05T10:00:00Z', 1400),
        charge(2, 'failed', '2026-11-20T10:00:00Z', 900),
        charge(3, 'failed', '2026-12-01T10:00:00Z'),
        charge(4, 'failed', '2026-10-30T10:00:00Z', 1000, 'EUR'),
        charge(4, 'succeeded', '2026-11-02T10:00:00Z', 1000, 'EUR'),
      ],
      { statusOf, timeZone: 'UTC' },
    );
    assert.deepEqual(months, [
      { month: '2026-12', failed: 1, recovered: 0, lost: 0, open: 1, recoveredAmounts: [], lostAmounts: [] },
      {
        month: '2026-11',
        failed: 2,
        recovered: 1,
        lost: 1,
        open: 0,
        recoveredAmounts: [{ amountMinor: 1400, currency: 'USD' }],
        lostAmounts: [{ amountMinor: 900, currency: 'USD' }],
      },
      { month: '2026-10', failed: 1, recovered: 1, lost: 0, open: 0, recoveredAmounts: [{ amountMinor: 1000, currency: 'EUR' }], lostAmounts: [] },
    ]);
  });

  it("puts a failure in the month of the publication's time zone, whatever order the ledger comes in", () => {
    const months = tallyRecovery([charge(1, 'succeeded', '2026-12-02T00:00:00Z'), charge(1, 'failed', '2026-12-01T02:00:00Z')], {
      statusOf,
      timeZone: 'America/New_York',
    });
    assert.deepEqual(
      months.map(({ month, failed, recovered }) => ({ month, failed, recovered })),
      [{ month: '2026-11', failed: 1, recovered: 1 }],
    );
  });

  it('counts a second failing spell after a recovery as a failure of its own', () => {
    const months = tallyRecovery(
      [charge(1, 'failed', '2026-11-01T10:00:00Z'), charge(1, 'succeeded', '2026-11-02T10:00:00Z'), charge(1, 'failed', '2026-11-20T10:00:00Z')],
      { statusOf, timeZone: 'UTC' },
    );
    assert.deepEqual(
      months.map(({ failed, recovered, open }) => ({ failed, recovered, open })),
      [{ failed: 2, recovered: 1, open: 1 }],
    );
  });

  it('is empty without failures', () => {
    assert.deepEqual(tallyRecovery([charge(1, 'succeeded', '2026-11-01T10:00:00Z')], { statusOf, timeZone: 'UTC' }), []);
  });
});
