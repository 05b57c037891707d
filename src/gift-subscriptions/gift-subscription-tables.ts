import type { Generated } from 'kysely';
import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';

export type GiftSubscriptionTables = {
  /** Months of a plan's access bought for someone else: see src/gift-subscriptions/CONTEXT.md. */
  gift_subscriptions: {
    id: Generated<number>;
    plan_id: number;
    months: number;
    /** What the buyer paid, in the plan's currency's minor unit. */
    price_minor: number;
    currency: string;
    buyer_name: string;
    buyer_email: string;
    /** The buyer's account when they were signed in; null otherwise or once it is erased. */
    buyer_account_id: number | null;
    recipient_name: string;
    recipient_email: string;
    message: string;
    /** The publication's calendar day of delivery, "YYYY-MM-DD". */
    delivery_day: string;
    deliver_at: string;
    /** The random part the redemption code is signed over. */
    code_nonce: string;
    provider: PaymentProviderKind;
    /** Dateline's own id for the gift's checkout: the secret the receipt's address carries. */
    checkout_session_id: string | null;
    /** The provider's id for that checkout (Stripe's Checkout Session); null in test mode. */
    provider_session_id: string | null;
    paid_at: string | null;
    delivered_at: string | null;
    redeemed_at: string | null;
    redeemed_by: number | null;
    access_until: string | null;
    reminder_sent_at: string | null;
    revoked_at: string | null;
    revoked_by: number | null;
    revoke_reason: string | null;
    created_at: string;
  };
};
