import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Database } from '../db/database.ts';
import { csvLineOf } from './reader-csv.ts';
import { datelineColumns, datelineFieldsOf, type FileReader } from './reader-file.ts';
import { whereReaderMatches, type ReaderFilter } from './reader-filter.ts';

const date = (text: string | null) => (text === null ? null : new Date(text));

const importedDetail = Type.Object({ labels: Type.Array(Type.String()), subscribedToEmails: Type.Boolean() });
const checkImportedDetail = Compile(importedDetail);

/** Labels and newsletter consent, as the reader's latest import brought them; a reader who signed up on the site has neither. */
async function importedDetailsOf(db: Database, accountIds: readonly number[]): Promise<Map<number, Static<typeof importedDetail>>> {
  const rows = await db
    .selectFrom('reader_events')
    .select(['account_id', 'detail'])
    .where('kind', '=', 'imported')
    .where('account_id', 'in', accountIds)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  const details = new Map<number, Static<typeof importedDetail>>();
  // The latest wins: a reader exported and imported again carries what the latest import brought.
  for (const row of rows) {
    const detail: unknown = JSON.parse(row.detail);
    if (checkImportedDetail.Check(detail)) details.set(row.account_id, { labels: detail.labels, subscribedToEmails: detail.subscribedToEmails });
  }
  return details;
}

/** The readers of one batch of accounts, whole, in the accounts' order. */
async function readersOf(
  db: Database,
  accounts: readonly { id: number; email: string; name: string; created_at: string; source: FileReader['source'] }[],
  now: Date,
): Promise<Omit<FileReader, 'line'>[]> {
  const ids = accounts.map((account) => account.id);
  const subscriptions = await db
    .selectFrom('subscriptions as s')
    .innerJoin('plans as p', 'p.id', 's.plan_id')
    .leftJoin('offers as o', 'o.id', 's.offer_id')
    .selectAll('s')
    .select(['p.slug as plan_slug', 'o.slug as offer_slug'])
    .where('s.id', 'in', (eb) =>
      eb
        .selectFrom('subscriptions')
        .select((s) => s.fn.max('id').as('id'))
        .where('account_id', 'in', ids)
        .groupBy('account_id'),
    )
    .execute();
  const subscriptionOf = new Map(subscriptions.map((row) => [row.account_id, row]));
  // The complimentary access still to run (the latest given, if several); ended or revoked access is history, not state.
  const grants = await db
    .selectFrom('complimentary_access')
    .selectAll()
    .where('account_id', 'in', ids)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now.toISOString())]))
    .orderBy('id')
    .execute();
  const grantOf = new Map(grants.map((row) => [row.account_id, row]));
  const notes = await db.selectFrom('reader_notes').selectAll().where('account_id', 'in', ids).orderBy('created_at').orderBy('id').execute();
  const imported = await importedDetailsOf(db, ids);
  return accounts.map((account) => {
    const subscription = subscriptionOf.get(account.id);
    const grant = grantOf.get(account.id);
    const details = imported.get(account.id);
    return {
      email: account.email,
      name: account.name,
      createdAt: new Date(account.created_at),
      source: account.source,
      subscribedToEmails: details?.subscribedToEmails ?? false,
      labels: details?.labels ?? [],
      notes: notes.filter((note) => note.account_id === account.id).map((note) => ({ text: note.text, createdAt: new Date(note.created_at) })),
      complimentary: grant ? { startsAt: new Date(grant.starts_at), endsAt: date(grant.ends_at), reason: grant.reason } : null,
      stripeCustomerId: subscription?.provider_customer_id ?? null,
      subscription: subscription
        ? {
            planSlug: subscription.plan_slug,
            offerSlug: subscription.offer_slug,
            provider: subscription.provider,
            providerSubscriptionId: subscription.provider_subscription_id,
            subscribedAt: new Date(subscription.created_at),
            state: {
              status: subscription.status,
              currentPeriodEnd: new Date(subscription.current_period_end),
              trialEnd: date(subscription.trial_end),
              pastDueSince: date(subscription.past_due_since),
              endedFrom: subscription.ended_from,
              resumeTo: subscription.resume_to,
            },
            introPeriodsLeft: subscription.intro_periods_left,
            trialReminderSentAt: date(subscription.trial_reminder_sent_at),
            providerEventAt: date(subscription.provider_event_at),
          }
        : null,
    };
  });
}

/**
 * The readers the filter finds, as Dateline's export, line by line (the header first): a batch of
 * accounts at a time, after the last one's id, so the list is never held whole however long it is,
 * and a consumer that reads slowly holds the next batch back.
 */
export async function* exportReaders(
  db: Database,
  { filter, now, batchSize = 500 }: { filter: ReaderFilter; now: Date; batchSize?: number },
): AsyncGenerator<string> {
  yield csvLineOf(datelineColumns);
  let after = 0;
  for (;;) {
    const accounts = await whereReaderMatches(db.selectFrom('accounts'), filter, now)
      .select(['accounts.id', 'accounts.email', 'accounts.name', 'accounts.created_at', 'accounts.source'])
      .where('accounts.id', '>', after)
      .orderBy('accounts.id')
      .limit(batchSize)
      .execute();
    if (accounts.length === 0) return;
    for (const reader of await readersOf(db, accounts, now)) yield csvLineOf(datelineFieldsOf(reader));
    after = accounts[accounts.length - 1]?.id ?? after;
    if (accounts.length < batchSize) return;
  }
}
