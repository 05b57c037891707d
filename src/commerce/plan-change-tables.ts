import type { Generated } from 'kysely';

export type PlanChangeTables = {
  /** Every move of a subscription between plans: applied at once, or waiting for the period's end. */
  plan_changes: {
    id: Generated<number>;
    subscription_id: number;
    from_plan_id: number;
    to_plan_id: number;
    direction: 'upgrade' | 'downgrade';
    /** `withdrawn`: a waiting change the reader called off, or that the subscription's end made moot. */
    status: 'scheduled' | 'applied' | 'withdrawn';
    /** What the change charged at once (0 for one that waits, or in a trial). */
    amount_minor: number;
    currency: string;
    requested_at: string;
    /** When the new plan takes over: the request's moment, or the period's end. */
    effective_at: string;
    /** When it was applied or withdrawn; null while it waits. */
    settled_at: string | null;
  };
};
