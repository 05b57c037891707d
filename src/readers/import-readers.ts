import { createReadStream } from 'node:fs';
import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';
import type { StripeClient } from '../commerce/stripe/stripe-provider.ts';
import { insertSubscription } from '../commerce/subscription-repository.ts';
import type { SubscriptionState } from '../commerce/subscription.ts';
import type { Database } from '../db/database.ts';
import { ImportError } from '../import/import-error.ts';
import { readCsvRecords } from './reader-csv.ts';
import { recordReaderEvent } from './reader-events.ts';
import {
  parseReaderFileHeader,
  parseReaderRecord,
  type FileReader,
  type ReaderFileFormat,
  type ReaderFileHeader,
  type ReaderFileProblem,
} from './reader-file.ts';
import { findLiveStripeSubscription, planOfStripePrice, StripeLookupError, type StripePricedPlan } from './stripe-customer.ts';

/** How many problems a refused file reports; past these, the rest are only counted. */
const reportedProblemsLimit = 20;
/** Long lists are looked up a slice at a time, well inside either database's limit on parameters. */
const lookupSize = 500;

/** A readers' file to import: read once to check it, and again to write it. */
export type ReaderFileSource = { name: string; readText: () => AsyncIterable<string> };

export function readerFile(file: string): ReaderFileSource {
  return {
    name: file,
    async *readText() {
      try {
        yield* createReadStream(file, { encoding: 'utf8' });
      } catch (error) {
        if (error instanceof Error && 'code' in error && typeof error.code === 'string') throw new ImportError(`Cannot read ${file}: ${error.message}`);
        throw error;
      }
    },
  };
}

/** The catalogue as the file's readers name it: plans and offers by slug. */
export type ImportCatalogue = {
  plans: readonly (StripePricedPlan & { id: number; slug: string })[];
  offers: readonly { id: number; slug: string; planId: number }[];
};

/** A subscription as it will be written: the file's, or the one Stripe holds for the reader's customer. */
type LinkedSubscription = {
  planId: number;
  offerId: number | null;
  provider: PaymentProviderKind;
  providerSubscriptionId: string | null;
  providerCustomerId: string | null;
  subscribedAt: Date;
  state: SubscriptionState;
  introPeriodsLeft: number;
  trialReminderSentAt: Date | null;
  providerEventAt: Date | null;
};

/** What the file's subscription names in the catalogue, or why it cannot be. */
export function subscriptionInCatalogue(reader: FileReader, catalogue: ImportCatalogue): LinkedSubscription | null | ReaderFileProblem[] {
  const subscription = reader.subscription;
  if (subscription === null) return null;
  const plan = catalogue.plans.find((candidate) => candidate.slug === subscription.planSlug);
  if (plan === undefined)
    return [{ line: reader.line, field: 'plan', message: `there is no plan "${subscription.planSlug}"; add it in the newsroom first, under that slug` }];
  let offerId: number | null = null;
  if (subscription.offerSlug !== null) {
    const offer = catalogue.offers.find((candidate) => candidate.slug === subscription.offerSlug);
    if (offer === undefined)
      return [{ line: reader.line, field: 'offer', message: `there is no offer "${subscription.offerSlug}"; add it in the newsroom first, under that slug` }];
    if (offer.planId !== plan.id)
      return [{ line: reader.line, field: 'offer', message: `"${subscription.offerSlug}" is an offer of another plan than "${plan.slug}"` }];
    offerId = offer.id;
  }
  return {
    planId: plan.id,
    offerId,
    provider: subscription.provider,
    providerSubscriptionId: subscription.providerSubscriptionId,
    providerCustomerId: reader.stripeCustomerId,
    subscribedAt: subscription.subscribedAt,
    state: subscription.state,
    introPeriodsLeft: subscription.introPeriodsLeft,
    trialReminderSentAt: subscription.trialReminderSentAt,
    providerEventAt: subscription.providerEventAt,
  };
}

/**
 * The reader's subscription: with Stripe's keys, the live one Stripe holds for their customer,
 * which has the last word; else the file's as it stands. A customer with nothing in the file to
 * import needs Stripe to be asked.
 */
async function linkSubscription(
  reader: FileReader,
  { catalogue, stripe, mayAskStripe, now }: { catalogue: ImportCatalogue; stripe: StripeClient | null; mayAskStripe: boolean; now: Date },
): Promise<LinkedSubscription | null | ReaderFileProblem[]> {
  const fromFile = subscriptionInCatalogue(reader, catalogue);
  const customerId = reader.stripeCustomerId;
  if (customerId === null || Array.isArray(fromFile)) return fromFile;
  if (stripe === null) {
    if (fromFile !== null) return fromFile;
    return [
      {
        line: reader.line,
        field: 'stripe_customer_id',
        message: 'is a Stripe customer, whose subscription only Stripe can tell: set STRIPE_SECRET_KEY and run the import again',
      },
    ];
  }
  if (!mayAskStripe) return fromFile;
  const live = await findLiveStripeSubscription(stripe, customerId, now);
  if (live === null) return fromFile;
  const plan = planOfStripePrice(live.price, catalogue.plans);
  if (plan === null) {
    const amount = live.price.amountMinor === null ? 'a varying amount' : `${live.price.amountMinor} ${live.price.currency.toUpperCase()} (in cents)`;
    return [
      {
        line: reader.line,
        field: 'stripe_customer_id',
        message: `Stripe's subscription ${live.id} bills ${amount} a ${live.price.interval ?? 'once'}, and no one plan of the site has that price; add it in the newsroom first`,
      },
    ];
  }
  return {
    planId: plan.id,
    offerId: null,
    provider: 'stripe',
    providerSubscriptionId: live.id,
    providerCustomerId: customerId,
    subscribedAt: now,
    state: live.state,
    introPeriodsLeft: 0,
    trialReminderSentAt: null,
    providerEventAt: null,
  };
}

/** Where an import has got to, after a batch is committed: the first `done` readers of the file are there. */
export type ReaderImportProgress = { done: number; total: number; skipped: number };

export type ReaderImportOutcome =
  | { kind: 'refused'; total: number; problems: readonly ReaderFileProblem[]; problemCount: number }
  | { kind: 'imported'; format: ReaderFileFormat; total: number; written: number; skipped: number };

/** A line of the file as the check left it: enough to see the same reader on the second reading. */
type CheckedLine = { line: number; email: string };

type CheckedFile =
  | Extract<ReaderImportOutcome, { kind: 'refused' }>
  | { kind: 'checked'; header: ReaderFileHeader; lines: CheckedLine[]; linked: Map<number, LinkedSubscription | null> };

/** Who already has an account at each of these addresses: a reader (imported before) or staff. */
async function findRolesOf(db: Database, emails: readonly string[]): Promise<Map<string, string>> {
  const roles = new Map<string, string>();
  for (let start = 0; start < emails.length; start += lookupSize) {
    const rows = await db
      .selectFrom('accounts')
      .select(['email', 'role'])
      .where('email', 'in', emails.slice(start, start + lookupSize))
      .execute();
    for (const row of rows) roles.set(row.email, row.role);
  }
  return roles;
}

async function readCatalogue(db: Database): Promise<ImportCatalogue> {
  const plans = await db.selectFrom('plans').select(['id', 'slug', 'price_minor', 'currency', 'billing_interval', 'stripe_price_id']).execute();
  const offers = await db.selectFrom('offers').select(['id', 'slug', 'plan_id']).execute();
  return {
    plans: plans.map((plan) => ({
      id: plan.id,
      slug: plan.slug,
      priceMinor: plan.price_minor,
      currency: plan.currency,
      interval: plan.billing_interval,
      stripePriceId: plan.stripe_price_id,
    })),
    offers: offers.map((offer) => ({ id: offer.id, slug: offer.slug, planId: offer.plan_id })),
  };
}

/** Every record of the file after its header, parsed; the header's problems, or the file's break, as problems. */
async function* readReaders(file: ReaderFileSource): AsyncGenerator<{ header: ReaderFileHeader } | { line: number; parsed: FileReader | ReaderFileProblem[] }> {
  let header: ReaderFileHeader | null = null;
  for await (const record of readCsvRecords(file.readText())) {
    if ('message' in record) {
      yield { line: record.line, parsed: [{ line: record.line, field: null, message: record.message }] };
      return;
    }
    if (header === null) {
      const parsed = parseReaderFileHeader(record.fields, record.line);
      if (Array.isArray(parsed)) {
        yield { line: record.line, parsed };
        return;
      }
      header = parsed;
      yield { header };
      continue;
    }
    yield { line: record.line, parsed: parseReaderRecord(header, record.fields, record.line) };
  }
  if (header === null) throw new ImportError(`${file.name} is empty: its first line must name the columns`);
}

/** The whole file, line by line and then as a whole against the site, before anything is written. */
async function checkReaderFile(db: Database, file: ReaderFileSource, { stripe, now }: { stripe: StripeClient | null; now: Date }): Promise<CheckedFile> {
  const catalogue = await readCatalogue(db);
  const problems: ReaderFileProblem[] = [];
  let problemCount = 0;
  const note = (found: readonly ReaderFileProblem[]) => {
    problems.push(...found.slice(0, reportedProblemsLimit - problems.length));
    problemCount += found.length;
  };
  let header: ReaderFileHeader | null = null;
  const lines: CheckedLine[] = [];
  const firstLineOf = new Map<string, number>();
  const linked = new Map<number, LinkedSubscription | null>();
  let total = 0;
  for await (const item of readReaders(file)) {
    if ('header' in item) {
      header = item.header;
      continue;
    }
    const { line, parsed } = item;
    if (header !== null) total += 1;
    if (Array.isArray(parsed)) {
      note(parsed);
      continue;
    }
    const earlier = firstLineOf.get(parsed.email);
    if (earlier !== undefined) note([{ line, field: 'email', message: `${parsed.email} is on line ${earlier} too` }]);
    else firstLineOf.set(parsed.email, line);
    lines.push({ line, email: parsed.email });
    try {
      // Stripe is asked only while the file is still worth importing: a refused file asks no more.
      const subscription = await linkSubscription(parsed, { catalogue, stripe, mayAskStripe: problemCount === 0, now });
      if (Array.isArray(subscription)) note(subscription);
      else linked.set(line, subscription);
    } catch (error) {
      if (error instanceof StripeLookupError) throw new ImportError(`Line ${line}: ${error.message}; nothing was imported`);
      throw error;
    }
  }
  const roles = await findRolesOf(db, [...firstLineOf.keys()]);
  for (const [email, line] of firstLineOf) {
    const role = roles.get(email);
    if (role !== undefined && role !== 'reader')
      note([{ line, field: 'email', message: `${email} is the address of a member of staff; a reader needs an address of their own` }]);
  }
  if (problemCount === 0 && (header === null || total === 0)) throw new ImportError(`${file.name} holds no readers`);
  if (problemCount > 0 || header === null) return { kind: 'refused', total, problems: problems.sort((a, b) => a.line - b.line), problemCount };
  return { kind: 'checked', header, lines, linked };
}

/**
 * One reader, whole: the account, its subscription, complimentary access, the notes, and the
 * "imported" event that keeps what Dateline has no place for yet (Ghost's labels and newsletter
 * consent). False when the address has an account already: the reader was imported before.
 */
async function writeReader(
  db: Database,
  { reader, subscription, format, now }: { reader: FileReader; subscription: LinkedSubscription | null; format: ReaderFileFormat; now: Date },
): Promise<boolean> {
  // The account first, and only if the address has none: a write before any read, since on SQLite a
  // transaction that reads and then writes fails at once if a running server wrote in between.
  const account = await db
    .insertInto('accounts')
    .values({
      email: reader.email,
      name: reader.name,
      password_hash: null,
      role: 'reader',
      source: reader.source,
      created_at: (reader.createdAt ?? now).toISOString(),
      updated_at: now.toISOString(),
    })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (account === undefined) return false;
  const accountId = account.id;
  if (subscription !== null) {
    const subscriptionId = await insertSubscription(db, { accountId, ...subscription }, subscription.subscribedAt);
    await db
      .updateTable('subscriptions')
      .set({ trial_reminder_sent_at: subscription.trialReminderSentAt?.toISOString() ?? null, updated_at: now.toISOString() })
      .where('id', '=', subscriptionId)
      .execute();
  }
  if (reader.complimentary !== null) {
    await db
      .insertInto('complimentary_access')
      .values({
        account_id: accountId,
        starts_at: (reader.complimentary.startsAt ?? now).toISOString(),
        ends_at: reader.complimentary.endsAt?.toISOString() ?? null,
        reason: reader.complimentary.reason,
        granted_by: null,
        revoked_at: null,
        created_at: now.toISOString(),
      })
      .execute();
  }
  for (const note of reader.notes) {
    await db
      .insertInto('reader_notes')
      .values({ account_id: accountId, author_id: null, text: note.text, created_at: (note.createdAt ?? now).toISOString() })
      .execute();
  }
  await recordReaderEvent(db, {
    accountId,
    event: { kind: 'imported', from: format, labels: reader.labels, subscribedToEmails: reader.subscribedToEmails },
    at: now,
  });
  return true;
}

/**
 * One batch in one transaction: its readers are all there after the commit, or none of them. A
 * reader whose address has an account already was imported before (the check refused staff
 * addresses) and is skipped, so an import run again after an interruption writes each reader once.
 */
async function writeBatch(
  db: Database,
  batch: readonly FileReader[],
  { linked, format, now }: { linked: ReadonlyMap<number, LinkedSubscription | null>; format: ReaderFileFormat; now: Date },
): Promise<{ written: number; skipped: number }> {
  return db.transaction().execute(async (trx) => {
    let written = 0;
    for (const reader of batch) {
      if (await writeReader(trx, { reader, subscription: linked.get(reader.line) ?? null, format, now })) written += 1;
    }
    return { written, skipped: batch.length - written };
  });
}

/**
 * Imports a readers' file: Ghost's members export or Dateline's own export. The whole file is
 * checked first (and Stripe asked about its customers); if any line is wrong, nothing is written
 * and the problems are returned. Then the readers are written a batch per transaction, and
 * `onProgress` hears of each batch once committed.
 */
export async function importReaders(
  db: Database,
  {
    file,
    now,
    stripe,
    batchSize = 200,
    onProgress,
  }: { file: ReaderFileSource; now: Date; stripe: StripeClient | null; batchSize?: number; onProgress: (progress: ReaderImportProgress) => void },
): Promise<ReaderImportOutcome> {
  const checked = await checkReaderFile(db, file, { stripe, now });
  if (checked.kind === 'refused') return checked;
  const { header, lines, linked } = checked;
  const total = lines.length;
  let done = 0;
  let written = 0;
  let skipped = 0;
  let batch: FileReader[] = [];
  const commit = async () => {
    const outcome = await writeBatch(db, batch, { linked, format: header.format, now });
    done += batch.length;
    written += outcome.written;
    skipped += outcome.skipped;
    batch = [];
    onProgress({ done, total, skipped });
  };
  const changed = (line: number) => new ImportError(`${file.name} changed at line ${line} while it was being imported; check it and run the import again`);
  // Read a second time rather than kept from the check, so a file of any size fits in memory; each
  // line must still be the one that was checked.
  for await (const item of readReaders(file)) {
    if ('header' in item) {
      if (item.header.format !== header.format || item.header.columns.join() !== header.columns.join()) throw changed(1);
      continue;
    }
    const expected = lines[done + batch.length];
    if (Array.isArray(item.parsed) || expected === undefined || expected.line !== item.line || expected.email !== item.parsed.email) throw changed(item.line);
    batch.push(item.parsed);
    if (batch.length === batchSize) await commit();
  }
  if (batch.length > 0) await commit();
  if (done !== total) throw new ImportError(`${file.name} lost lines while it was being imported; check it and run the import again`);
  return { kind: 'imported', format: header.format, total, written, skipped };
}
