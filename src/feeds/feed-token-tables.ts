import type { Generated } from 'kysely';

export type FeedTokenTables = {
  /** A subscriber's private feed address; at most one per account has no `revoked_at`. */
  feed_tokens: {
    id: Generated<number>;
    account_id: number;
    /** SHA-256 of the token in the feed's address; the token itself is never stored. */
    token_hash: string;
    created_at: string;
    revoked_at: string | null;
  };
};
