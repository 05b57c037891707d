import { sql } from 'kysely';
import type { Account } from '../accounts/account.ts';
import { findAccountRowById, toAccount } from '../accounts/account-repository.ts';
import type { PaymentProvider } from '../commerce/payment-provider.ts';
import { findSubscriptionById } from '../commerce/subscription-repository.ts';
import type { Database } from '../db/database.ts';
import { clearGiftSubscriptionIdentity } from '../gift-subscriptions/gift-subscription-reader-data.ts';
import { DomainError } from '../errors/domain-error.ts';

/** Who asked for a reader's erasure: the reader themselves (through the mailed link), or the desk, with its reason. */
export type ErasureRequester = { kind: 'reader' } | { kind: 'desk'; staff: Account; reason: string };

/** What is left to say once a reader is erased: where to send the last mail, and how much of the ledger stays. */
export type ErasedReader = { email: string; name: string; keptPayments: number };

/** What the audit log names an erased reader by, in place of their address, name or id. */
export const erasedReaderLabel = 'an erased reader';

/**
 * How the audit log names a reader a record is about: by the account's number, never by address or
 * name, so that the erasure has one form to look for.
 */
export function readerAuditSubject(accountId: number): string {
  return `reader #${accountId}`;
}

export class ErasureRefusedError extends DomainError {
  constructor(message: string, meaning: 'not-found' | 'forbidden') {
    super(message, meaning === 'not-found' ? { kind: 'not-found' } : { kind: 'forbidden' }, { code: `erasure-${meaning}` });
  }
}

/** The reader to erase; staff accounts are an administrator's to remove, never erased as a reader. */
export async function findErasableReader(db: Database, accountId: number): Promise<Account> {
  const row = await findAccountRowById(db, accountId);
  if (!row) throw new ErasureRefusedError('There is no such reader: the account may already be deleted.', 'not-found');
  if (row.role !== 'reader') throw new ErasureRefusedError("This is a staff account: it is not deleted as a reader's.", 'forbidden');
  return toAccount(row);
}

/**
 * Ends the reader's subscriptions at the provider at once, so nothing is charged after the erasure.
 * Done before the erasure's transaction (the provider is across the network): if it fails, nothing
 * is erased and the request can be made again.
 */
export async function cancelAtProvider(db: Database, provider: PaymentProvider, accountId: number): Promise<void> {
  const live = await db.selectFrom('subscriptions').select('id').where('account_id', '=', accountId).where('status', '<>', 'expired').execute();
  for (const { id } of live) {
    const subscription = await findSubscriptionById(db, id);
    // A subscription another provider took (test mode's, after a move to Stripe) has nothing to end there.
    if (subscription && subscription.provider === provider.kind) await provider.cancelNow(subscription);
  }
}

/**
 * Erases a reader: cancels their subscription at the provider, then, in one transaction, removes
 * every row about them. The payment ledger stays, as accounting law requires, without their identity.
 */
export async function eraseReader(
  { db, provider }: { db: Database; provider: PaymentProvider },
  { accountId, requester, now }: { accountId: number; requester: ErasureRequester; now: Date },
): Promise<ErasedReader> {
  const reader = await findErasableReader(db, accountId);
  await cancelAtProvider(db, provider, reader.id);
  return db.transaction().execute((trx) => eraseReaderIn(trx, { reader, requester, now }));
}

/**
 * The erasure itself, inside the caller's transaction. Most tables go with the account (their
 * foreign keys cascade); what names the reader without that key is cleared here by hand: the ledger
 * (kept, identity removed), gift subscriptions (kept, likewise), registrations, newsletter sign-ups, suppressions and rate limits keyed
 * by the address, and the audit log.
 * The erasure is audited in the same transaction, naming no one but who asked and why.
 */
export async function eraseReaderIn(
  trx: Database,
  { reader, requester, now }: { reader: Account; requester: ErasureRequester; now: Date },
): Promise<ErasedReader> {
  const kept = await trx.updateTable('payments').set({ account_id: null }).where('account_id', '=', reader.id).executeTakeFirst();
  const keptPayments = Number(kept.numUpdatedRows);
  await trx.deleteFrom('registration_requests').where('email', '=', reader.email).execute();
  await trx.deleteFrom('newsletter_signup_requests').where('email', '=', reader.email).execute();
  await trx.deleteFrom('organisation_invitations').where('email', '=', reader.email).execute();
  await trx.deleteFrom('email_suppressions').where('email', '=', reader.email).execute();
  // Rate-limit keys are "rule:subject"; the reader's address is a subject of the log-in's and others' rules.
  await trx
    .deleteFrom('rate_limit_hits')
    .where(sql<boolean>`substr(key, length(key) - ${reader.email.length}, ${reader.email.length + 1}) = ${`:${reader.email}`}`)
    .execute();
  await clearGiftSubscriptionIdentity(trx, reader);
  await scrubAuditLog(trx, reader);
  await trx.deleteFrom('accounts').where('id', '=', reader.id).execute();
  await trx
    .insertInto('audit_log')
    .values({
      at: now.toISOString(),
      account_id: requester.kind === 'desk' ? requester.staff.id : null,
      actor: requester.kind === 'desk' ? requester.staff.name || requester.staff.email : 'the reader, by the link mailed to them',
      action: requester.kind === 'desk' ? 'deleted reader' : 'deleted own account',
      subject: erasedReaderLabel,
      detail: [
        requester.kind === 'desk' ? withoutIdentity(requester.reason, reader) : '',
        `${keptPayments} ${keptPayments === 1 ? 'payment' : 'payments'} kept in the ledger without the reader's identity`,
      ]
        .filter((part) => part !== '')
        .join(' — '),
    })
    .execute();
  return { email: reader.email, name: reader.name, keptPayments };
}

/** The desk's reason as it may be kept: the reader's address, typed into it, taken out. */
function withoutIdentity(text: string, reader: Account): string {
  return text.replaceAll(reader.email, erasedReaderLabel);
}

/**
 * Keeps the audit log's account of who did what, without the reader: records they made name them no
 * more, and records about them lose the address, the name or the number that said whom.
 */
async function scrubAuditLog(trx: Database, reader: Account): Promise<void> {
  await trx.updateTable('audit_log').set({ account_id: null, actor: erasedReaderLabel }).where('account_id', '=', reader.id).execute();
  const namedAs = [readerAuditSubject(reader.id), reader.email, ...(reader.name.trim() === '' ? [] : [reader.name])];
  await trx.updateTable('audit_log').set({ subject: erasedReaderLabel }).where('subject', 'in', namedAs).execute();
  await trx
    .updateTable('audit_log')
    .set({
      subject: sql<string>`replace(subject, ${reader.email}, ${erasedReaderLabel})`,
      detail: sql<string>`replace(detail, ${reader.email}, ${erasedReaderLabel})`,
    })
    .where(sql<boolean>`replace(subject, ${reader.email}, '') <> subject or replace(detail, ${reader.email}, '') <> detail`)
    .execute();
}
