import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/**
 * The only name the insights ledger has for a reader: a keyed hash (HMAC-SHA256, from a key derived
 * from the server secret), so the ledger alone cannot say who anyone is. A registered reader's key
 * comes from their account and stays the same, so their reads and their subscription line up; an
 * anonymous reader's comes from the random visitor id in their meter cookie and the month, so it
 * changes every month and no browser can be followed from one month to the next.
 */
export type ReaderKeys = {
  ofAccount: (accountId: number) => string;
  /** The visitor's key for the calendar month (UTC) that `at` falls in. */
  ofVisitor: (visitorId: string, at: Date) => string;
};

/** 128 bits of the HMAC: plenty to keep readers apart, half the bytes in every row. */
const keyLength = 22;

function monthOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function deriveReaderKeys(secret: string): ReaderKeys {
  const key: KeyObject = createSecretKey(createHmac('sha256', secret).update('dateline/insights-reader-key/v1').digest());
  // A reader reads several pages: their key is worked out once, not on every page.
  const recent = new LRUCache<string, string>({ max: 10_000 });
  const hash = (text: string) => {
    let hashed = recent.get(text);
    if (hashed === undefined) {
      hashed = createHmac('sha256', key).update(text).digest('base64url').slice(0, keyLength);
      recent.set(text, hashed);
    }
    return hashed;
  };
  return {
    // The prefixes keep an account's key and a visitor's apart and say which kind of reader it was, nothing more.
    ofAccount: (accountId) => `a.${hash(`account:${accountId}`)}`,
    ofVisitor: (visitorId, at) => `v.${hash(`visitor:${visitorId}:${monthOf(at)}`)}`,
  };
}
