import type { Generated } from 'kysely';

/** How a reader's way out ended: they canceled, or took the offer and stayed. */
export type CancellationOutcome = 'canceled' | 'stayed';
export type RetentionOfferKind = 'discount' | 'pause';

export type RetentionTables = {
  /** Why a reader canceled or nearly did, and how it ended: for the audience team. */
  cancellation_reasons: {
    id: Generated<number>;
    account_id: number;
    subscription_id: number;
    /** One of the short list's keys (cancellation-reasons.ts), or null when the reader gave none. */
    reason: string | null;
    comment: string | null;
    /** The retention offer shown, if any. */
    offer_kind: RetentionOfferKind | null;
    outcome: CancellationOutcome;
    created_at: string;
  };
  /** A retention offer a reader accepted, on the subscription it applies to. */
  retention_redemptions: {
    id: Generated<number>;
    account_id: number;
    subscription_id: number;
    kind: RetentionOfferKind;
    /** A discount's percentage and the renewals still to be charged with it. */
    percent_off: number | null;
    periods_left: number | null;
    /** A pause: no charge until then. */
    paused_until: string | null;
    created_at: string;
  };
};
