import type { PendingRow } from './ledger-rows.ts';

/** What the writer thread starts with: the site's database file, and the bytes the readers' keys are made with. */
export type LedgerThreadData = { file: string; readerKeySecret: Uint8Array };

export type LedgerThreadRequest = { kind: 'write'; batch: number; rows: readonly PendingRow[] } | { kind: 'close' };

export type LedgerThreadReply = { batch: number; isWritten: true } | { batch: number; isWritten: false; message: string };
