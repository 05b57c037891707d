import type { Generated } from 'kysely';
import type { AccountSource, Role } from './account.ts';

export type AccountTables = {
  accounts: {
    id: Generated<number>;
    /** Trimmed and lower-cased, so one address is one account however it is typed. */
    email: string;
    name: string;
    /** scrypt, with its parameters; null for an account that signs in by e-mailed links only. */
    password_hash: string | null;
    role: Role;
    /** Where the account came from, for the desk's filters. */
    source: Generated<AccountSource>;
    created_at: string;
    updated_at: string;
  };
  sessions: {
    /** SHA-256 of the token in the reader's cookie; the token itself is never stored. */
    token_hash: string;
    account_id: number;
    created_at: string;
    expires_at: string;
  };
  login_tokens: {
    token_hash: string;
    account_id: number;
    purpose: 'magic-link' | 'password-reset';
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  /**
   * A registration waiting for its mailed link (24 hours). The password is kept only as its hash,
   * and the token only as its SHA-256, like a login link's.
   */
  registration_requests: {
    token_hash: string;
    /** Normalized, as accounts.email. */
    email: string;
    name: string;
    password_hash: string;
    /** Where to send the new reader once registered: a path on the site (safeNextPath). */
    next_path: string;
    /** JSON array of the newsletters ticked on the form, subscribed once the link is followed. */
    newsletter_ids: Generated<string>;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  /**
   * A request to move an account to a new address, waiting for the link mailed there (24 hours).
   * The token is kept only as its SHA-256; asking again replaces the account's waiting request.
   */
  email_change_requests: {
    token_hash: string;
    account_id: number;
    /** Normalized, as accounts.email. */
    new_email: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  /** A registered reader's meter: one row per metered article read, per period. */
  meter_reads: {
    account_id: number;
    period: string;
    article_id: number;
    read_at: string;
    /** The meter rule the read was counted under; null when the setting was the limit (or for reads merged at login). */
    meter_rule_id: number | null;
  };
  /** Fixed-window counters of the rate limiter, shared by every app instance. */
  rate_limit_hits: {
    key: string;
    window_start: number;
    hits: number;
  };
};
