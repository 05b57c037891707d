import type { Generated } from 'kysely';

export type GiftTables = {
  /** A subscriber's gift of one article: see src/gifts/CONTEXT.md. */
  gift_links: {
    id: Generated<number>;
    /** The giver. */
    account_id: number;
    article_id: number;
    /** SHA-256 of the link's token; the token itself is never stored. */
    token_hash: string;
    /** The publication's month ("YYYY-MM") the gift was given in: the allowance counts by it. */
    period: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
    opens_count: Generated<number>;
    max_opens: number;
  };
};
