import type { InsightLedger } from '../insights/insight-ledger.ts';
import { accountReader } from '../insights/reader-key.ts';
import type { Plan } from './plan.ts';
import type { Subscription } from './subscription-repository.ts';

/**
 * A plan change, once committed, for the newsroom's figures. Its once key is the subscription's id
 * with the version the change wrote, so a second instance or a repeated pass records it once.
 */
export function recordPlanChanged(
  ledger: InsightLedger,
  {
    subscription,
    from,
    to,
    direction,
    amountMinor,
    at,
  }: { subscription: Subscription; from: Plan; to: Plan; direction: 'upgrade' | 'downgrade'; amountMinor: number; at: Date },
): void {
  ledger.record({
    kind: 'plan-changed',
    direction,
    fromPlanId: from.id,
    planId: to.id,
    amountMinor,
    currency: to.currency,
    reader: accountReader(subscription.accountId),
    at,
    onceKey: `subscription-${subscription.id}/v${subscription.version + 1}`,
  });
}
