import type { Generated } from 'kysely';
import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';
import type { JoinRoute } from './admission.ts';
import type { SeatBillingStatus } from './seat-purchase-rules.ts';

/** The tables of organisations that read on one contract: see src/organisations/CONTEXT.md. */
export type OrganisationTables = {
  organisations: {
    id: Generated<number>;
    name: string;
    created_at: string;
    updated_at: string;
  };
  /** One contract an organisation: renewing it moves its end; its row is what admitting a member locks. */
  organisation_contracts: {
    id: Generated<number>;
    organisation_id: number;
    /** The plan whose tiers the members read with. */
    plan_id: number;
    seats: number;
    starts_at: string;
    ends_at: string;
    by_invitation: number;
    by_domain: number;
    by_ip_range: number;
    created_at: string;
    updated_at: string;
  };
  /** An e-mail domain whose proven addresses may take a seat; a domain belongs to one organisation. */
  organisation_domains: {
    domain: string;
    organisation_id: number;
  };
  /** A range, canonical CIDR text ("10.0.0.0/8"), whose visitors read on site without an account. */
  organisation_ip_ranges: {
    id: Generated<number>;
    organisation_id: number;
    ip_range: string;
  };
  /** Readers who run the organisation's side: its page at /organisation. */
  organisation_managers: {
    organisation_id: number;
    account_id: number;
  };
  /** A seat held, or held once: a removed member keeps the row, with when and by whom. */
  organisation_members: {
    id: Generated<number>;
    organisation_id: number;
    account_id: number;
    joined_by: JoinRoute;
    joined_at: string;
    removed_at: string | null;
    removed_by: number | null;
  };
  /** A mailed invitation: single use, expiring, kept by its token's hash. */
  organisation_invitations: {
    token_hash: string;
    organisation_id: number;
    email: string;
    invited_by: number | null;
    created_at: string;
    expires_at: string;
    used_at: string | null;
    used_by: number | null;
  };
  /** A mailed link proving that a signed-in reader holds an address of the organisation's domains. */
  organisation_domain_proofs: {
    token_hash: string;
    organisation_id: number;
    account_id: number;
    email: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  /** A reader buying seats for their company: open until paid, then naming the organisation it made. */
  seat_checkouts: {
    /** Random, also used in the return address. */
    id: string;
    account_id: number;
    plan_id: number;
    organisation_name: string;
    seats: number;
    provider: PaymentProviderKind;
    provider_session_id: string | null;
    status: 'open' | 'completed';
    organisation_id: number | null;
    created_at: string;
    completed_at: string | null;
  };
  /**
   * The subscription a company pays its contract with, one an organisation: the seats are the
   * contract's, and its end moves with each renewal. Organisations the newsroom made have none.
   */
  organisation_subscriptions: {
    organisation_id: number;
    /** The reader who bought the seats; null once their account is deleted. */
    buyer_account_id: number | null;
    provider: PaymentProviderKind;
    provider_subscription_id: string | null;
    provider_customer_id: string | null;
    status: SeatBillingStatus;
    current_period_end: string;
    past_due_since: string | null;
    /** The provider's time of the newest event applied, so older events arriving late change nothing. */
    provider_event_at: string | null;
    created_at: string;
    updated_at: string;
  };
};
