/** What a reader's own data needs of its own: their requests to delete their account. */
export type OwnDataTables = {
  /** A request to delete an account, waiting for the link mailed to its address (24 hours). */
  account_deletion_requests: {
    /** SHA-256 of the mailed link's token; the token itself is never stored. */
    token_hash: string;
    account_id: number;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
};
