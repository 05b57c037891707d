import type { PendingRow } from './ledger-rows.ts';

export type LedgerThreadRequest = { kind: 'write'; batch: number; rows: readonly PendingRow[] } | { kind: 'close' };

export type LedgerThreadReply = { batch: number; isWritten: true } | { batch: number; isWritten: false; message: string };
