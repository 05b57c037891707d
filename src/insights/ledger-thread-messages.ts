import type { SQLInputValue } from 'node:sqlite';
import type { InsightTables } from './insight-tables.ts';

/** The ledger's columns in the order a row travels to the writer thread: an array, not named fields. */
export const ledgerColumns = [
  'id',
  'occurred_at',
  'kind',
  'reader_key',
  'linked_key',
  'article_id',
  'section_id',
  'author_id',
  'offer_id',
  'plan_id',
  'experiment_id',
  'variant',
  'meter_rule',
  'source',
  'campaign',
  'detail',
  'amount_minor',
  'currency',
] as const satisfies readonly (keyof InsightTables['insight_events'])[];

export type LedgerThreadRequest = { kind: 'write'; batch: number; rows: SQLInputValue[][] } | { kind: 'close' };

export type LedgerThreadReply = { batch: number; isWritten: true } | { batch: number; isWritten: false; message: string };
