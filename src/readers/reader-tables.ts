import type { Generated } from 'kysely';

/** What the readers' desk keeps about a reader beyond their account and subscription. */
export type ReaderTables = {
  /**
   * Access given by the publication, not bought: for a period or open-ended (`ends_at` null). It
   * entitles the reader like a subscription and never bills; revoking it ends it early.
   */
  complimentary_access: {
    id: Generated<number>;
    account_id: number;
    starts_at: string;
    ends_at: string | null;
    reason: string;
    /** The staff member who gave it; null once their account is gone. */
    granted_by: number | null;
    revoked_at: string | null;
    created_at: string;
  };
  /** The desk's notes on a reader: what a customer-service colleague needs to know next time. */
  reader_notes: {
    id: Generated<number>;
    account_id: number;
    /** The staff member who wrote it; null for a note imported with the reader. */
    author_id: number | null;
    text: string;
    created_at: string;
  };
  /**
   * A reader's history as it happens: signed up, trial started, canceled (and why), an offer
   * redeemed, access given, a refund. The reader's page reads its timeline from here together with
   * payments, mails, devices and gifts, which keep their own tables.
   */
  reader_events: {
    id: Generated<number>;
    account_id: number;
    kind: string;
    occurred_at: string;
    /** The staff member who acted, for the desk's actions; null for the reader's own and the system's. */
    actor_id: number | null;
    /** What the event's kind needs to show it, as JSON. */
    detail: string;
  };
  /** Every mail sent to a reader's address: the timeline's "mails sent to them". */
  sent_mails: {
    id: Generated<number>;
    account_id: number;
    /** What the mail is (welcome, receipt, payment-failed, login-link…), for the timeline and for counting. */
    kind: string;
    subject: string;
    sent_at: string;
  };
};
