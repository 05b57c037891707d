import { randomBytes } from 'node:crypto';
import type { SQLInputValue } from 'node:sqlite';
import type { InsightEvent } from './insight-event.ts';
import type { InsightTables } from './insight-tables.ts';
import type { ReaderKeys, ReaderName } from './reader-key.ts';

/** The ledger's columns in the order a buffered row holds them. */
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

type Text = string | null;
type Whole = number | null;
type Named = ReaderName | null;

/**
 * An event as the ledger buffers it: an array in the columns' order, with the time as milliseconds,
 * its readers by name and no id where the event has no once key. A page pays only for building the
 * array; the writer names the event, keys its readers and writes its time (on SQLite, in its own thread).
 */
export type PendingRow = [
  id: Text,
  occurredAtMs: number,
  kind: string,
  reader: Named,
  linkedReader: Named,
  articleId: Whole,
  sectionId: Whole,
  authorId: Whole,
  offerId: Whole,
  planId: Whole,
  experimentId: Whole,
  variant: Text,
  meterRule: Text,
  source: Text,
  campaign: Text,
  detail: Text,
  amountMinor: Whole,
  currency: Text,
];

function detailOf(event: InsightEvent): string | null {
  switch (event.kind) {
    case 'article-read':
      return event.access;
    case 'wall-shown':
      return event.wall;
    case 'canceled':
      return event.reason;
    case 'subscription-started':
      return event.isTrial ? 'trial' : 'paid';
    case 'lapsed':
      return event.endedFrom;
    // "upgrade:3": the direction and the plan it left.
    case 'plan-changed':
      return `${event.direction}:${event.fromPlanId}`;
    case 'organisation-joined':
      return event.joinedBy;
    // "3": how many months the gift gives.
    case 'gift-bought':
    case 'gift-redeemed':
      return String(event.months);
    case 'organisation-bought':
      return String(event.seats);
    // "3:4": the seats before and after.
    case 'seats-changed':
      return `${event.from}:${event.to}`;
    default:
      return null;
  }
}

export function toPendingRow(event: InsightEvent): PendingRow {
  const isPayment = 'amountMinor' in event;
  return [
    // A deterministic id makes the second record of the same event a conflict the insert ignores.
    event.onceKey === undefined ? null : `${event.kind}:${event.onceKey}`,
    event.at.getTime(),
    event.kind,
    event.reader,
    event.kind === 'registered' ? event.anonymousReader : null,
    event.article?.id ?? null,
    event.article?.sectionId ?? null,
    event.article?.authorId ?? null,
    event.offerId ?? null,
    event.planId ?? null,
    event.experiment?.id ?? null,
    event.experiment?.variant ?? null,
    event.meterRule ?? null,
    event.visit?.source ?? null,
    event.visit?.campaign ?? null,
    detailOf(event),
    isPayment ? event.amountMinor : null,
    isPayment ? event.currency : null,
  ];
}

/**
 * Ids for events without a once key: the time, the writer's own random name and a count, so ids
 * from many instances never meet, and each new row goes at the end of the primary key's index
 * rather than at a random place in it (a random UUID made SQLite's insert half as fast again).
 */
function createEventIds(): (atMs: number) => string {
  const writerName = randomBytes(6).toString('base64url');
  let count = 0;
  return (atMs) => `${atMs.toString(36).padStart(9, '0')}.${writerName}.${(count++).toString(36).padStart(7, '0')}`;
}

/**
 * Makes buffered rows ready to write, in the columns' order: each given its id, its readers' keys
 * and its time written out. The id is kept on the buffered row, so a batch tried again after a
 * write whose outcome is unknown (a connection lost at the commit) meets its own rows and writes
 * none twice.
 */
export function createRowFinisher(keys: ReaderKeys): (row: PendingRow) => SQLInputValue[] {
  const newId = createEventIds();
  const keyOf = (name: Named) => (name === null ? null : keys.of(name));
  // Rows come in the order they happened, many in the same millisecond: its text is written once.
  let lastMs = Number.NaN;
  let lastText = '';
  return (row) => {
    row[0] ??= newId(row[1]);
    if (row[1] !== lastMs) {
      lastMs = row[1];
      lastText = new Date(lastMs).toISOString();
    }
    // A copy by index, not by spreading: this runs for every event the ledger writes.
    const values: SQLInputValue[] = row.slice();
    values[1] = lastText;
    values[3] = keyOf(row[3]);
    values[4] = keyOf(row[4]);
    return values;
  };
}
