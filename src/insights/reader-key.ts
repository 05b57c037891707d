import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The only name the insights ledger keeps for a reader: a keyed hash (HMAC-SHA256, from a key derived
 * from the server secret), so the ledger alone cannot say who anyone is. A registered reader's key
 * comes from their account and stays the same, so their reads and their subscription line up; an
 * anonymous reader's comes from the random visitor id in their meter cookie and the month, so it
 * changes every month and no browser can be followed from one month to the next.
 *
 * An event names its reader plainly (`ReaderName`) and the ledger's writer turns the name into the
 * key as it writes the batch: a page pays for no hash, and on SQLite the writer is a thread of its own.
 */
export type ReaderName = `account:${number}` | `visitor:${string}`;

export type ReaderKeys = {
  /** The key the ledger keeps for a reader so named. */
  of: (name: ReaderName) => string;
  ofAccount: (accountId: number) => string;
  /** The visitor's key for the calendar month (UTC) that `at` falls in. */
  ofVisitor: (visitorId: string, at: Date) => string;
};

function monthOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

export const accountReader = (accountId: number): ReaderName => `account:${accountId}`;

/** A browser's visitor in the calendar month (UTC) that `at` falls in. */
export const visitorReader = (visitorId: string, at: Date): ReaderName => `visitor:${visitorId}:${monthOf(at)}`;

/** 128 bits of the HMAC: plenty to keep readers apart, half the bytes in every row. */
const keyLength = 22;

/** The bytes the keys are made with, derived from the server secret; what the ledger's writer thread is handed. */
export function readerKeySecretOf(secret: string): Buffer {
  return createHmac('sha256', secret).update('dateline/insights-reader-key/v1').digest();
}

export function readerKeysOf(secretBytes: Uint8Array): ReaderKeys {
  const key: KeyObject = createSecretKey(secretBytes);
  // A batch names the same readers many times over; it is emptied when full rather than kept in
  // order of use, which would cost more than the hashes it saves.
  const recent = new Map<ReaderName, string>();
  const of = (name: ReaderName) => {
    let hashed = recent.get(name);
    if (hashed === undefined) {
      // The prefixes keep an account's key and a visitor's apart and say which kind of reader it was, nothing more.
      hashed = `${name.startsWith('account:') ? 'a' : 'v'}.${createHmac('sha256', key).update(name).digest('base64url').slice(0, keyLength)}`;
      if (recent.size >= 10_000) recent.clear();
      recent.set(name, hashed);
    }
    return hashed;
  };
  return { of, ofAccount: (accountId) => of(accountReader(accountId)), ofVisitor: (visitorId, at) => of(visitorReader(visitorId, at)) };
}

export function deriveReaderKeys(secret: string): ReaderKeys {
  return readerKeysOf(readerKeySecretOf(secret));
}
