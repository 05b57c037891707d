import type { Generated } from 'kysely';

export type DeviceTables = {
  /** A device's token for the apps' API; the token itself is never stored, only its SHA-256. */
  api_tokens: {
    id: Generated<number>;
    account_id: number;
    token_hash: string;
    /** What the reader called the device when signing in ("Ana's iPhone"). */
    device_name: string;
    created_at: string;
    /** Brought up to date at most once a minute, so reading costs no write per request; the idle expiry counts from it. */
    last_used_at: string;
    revoked_at: string | null;
  };
};
