import type { Generated } from 'kysely';
import type { BillingInterval } from './plan.ts';
import type { SubscriptionStatus } from './subscription.ts';

export type PaymentProviderKind = 'test' | 'stripe';

export type CommerceTables = {
  plans: {
    id: Generated<number>;
    slug: string;
    name: string;
    /** JSON array of lines. */
    benefits: string;
    price_minor: number;
    currency: string;
    billing_interval: BillingInterval;
    is_active: number;
    stripe_price_id: string | null;
    created_at: string;
  };
  offers: {
    id: Generated<number>;
    plan_id: number;
    slug: string;
    headline: string;
    copy: string;
    terms_kind: 'introductory-price' | 'free-trial' | 'standard';
    intro_price_minor: number | null;
    intro_periods: number | null;
    trial_days: number | null;
    starts_at: string | null;
    ends_at: string | null;
    redemption_cap: number | null;
    redemption_count: number;
    is_retired: number;
    stripe_coupon_id: string | null;
    created_at: string;
  };
  subscriptions: {
    id: Generated<number>;
    account_id: number;
    plan_id: number;
    offer_id: number | null;
    provider: PaymentProviderKind;
    provider_subscription_id: string | null;
    provider_customer_id: string | null;
    status: SubscriptionStatus;
    current_period_end: string;
    trial_end: string | null;
    past_due_since: string | null;
    ended_from: 'trial' | 'subscription' | null;
    resume_to: 'trialing' | 'active' | null;
    /** Introductory periods still to be charged at the offer's price. */
    intro_periods_left: number;
    trial_reminder_sent_at: string | null;
    /** The provider's time of the newest event applied, so older events arriving late change nothing. */
    provider_event_at: string | null;
    /** Raised by every change: a change applies only to the version it read, so two instances cannot both apply one. */
    version: Generated<number>;
    created_at: string;
    updated_at: string;
  };
  checkout_sessions: {
    /** Random, also used in the return URLs. */
    id: string;
    account_id: number;
    offer_id: number;
    provider: PaymentProviderKind;
    provider_session_id: string | null;
    status: 'open' | 'completed' | 'failed';
    created_at: string;
    completed_at: string | null;
    /** The on-site path the reader subscribed from, to return to once paid; null for the account page. */
    return_path: string | null;
  };
  /** Every provider event handled, by id, so a replayed or duplicated one changes nothing. */
  payment_events: {
    provider: PaymentProviderKind;
    event_id: string;
    event_type: string;
    received_at: string;
  };
  /** The test-mode provider's card on file per reader, for renewals. */
  test_payment_methods: {
    account_id: number;
    card_last4: string;
    is_declining: number;
    updated_at: string;
  };
  /**
   * The payment ledger: every charge, failed charge and refund, in the currency's minor unit. It
   * is kept when a reader is deleted (accounting law), with `account_id` set to null, so nothing
   * in it names the person.
   */
  payments: {
    id: Generated<number>;
    account_id: number | null;
    subscription_id: number | null;
    provider: PaymentProviderKind;
    /** The provider's id for the payment (Stripe's invoice or refund id); null for a test-mode charge. */
    provider_payment_id: string | null;
    kind: 'charge' | 'refund';
    status: 'succeeded' | 'failed';
    amount_minor: number;
    currency: string;
    /** For a refund, the charge it pays back. */
    refund_of: number | null;
    occurred_at: string;
  };
  /**
   * The card each reader pays with, as the provider last told (test mode: its own card page and
   * checkout; Stripe: its payment-method events): its expiry, for the warning before it runs out.
   */
  payment_cards: {
    account_id: number;
    provider: PaymentProviderKind;
    card_last4: string;
    expiry_month: number;
    expiry_year: number;
    /** When the reader was warned that this card runs out; cleared when the card changes. */
    expiry_warned_at: string | null;
    updated_at: string;
  };
  /** The reminders sent while a payment is failing: one per day of the grace period it is due on. */
  dunning_reminders: {
    subscription_id: number;
    past_due_since: string;
    day: number;
    sent_at: string;
  };
};
