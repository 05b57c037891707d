import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { accountSources, type AccountSource } from '../accounts/account.ts';
import { normalizeEmail } from '../accounts/email-address.ts';
import type { PaymentProviderKind } from '../commerce/commerce-tables.ts';
import type { SubscriptionState, SubscriptionStatus } from '../commerce/subscription.ts';

/** Something wrong with one line of a readers' file, in words for whoever exported it. */
export type ReaderFileProblem = { line: number; field: string | null; message: string };

export type ReaderFileFormat = 'ghost' | 'dateline';

/** Ghost's members export, as Ghost names its columns; Ghost's other columns (id, tiers…) are left alone. */
export const ghostColumns = ['email', 'name', 'note', 'subscribed_to_emails', 'complimentary_plan', 'stripe_customer_id', 'created_at', 'labels'] as const;

/**
 * Dateline's own export: everything that makes up where a reader stands, so that an export imported
 * into an empty database gives every reader back as they were. Ghost's names where Ghost has the
 * field; the subscription is the reader's latest, the complimentary access the one still to run.
 */
export const datelineColumns = [
  'email',
  'name',
  'created_at',
  'source',
  'subscribed_to_emails',
  'labels',
  'notes',
  'complimentary_starts_at',
  'complimentary_ends_at',
  'complimentary_reason',
  'stripe_customer_id',
  'plan',
  'offer',
  'status',
  'provider',
  'provider_subscription_id',
  'subscribed_at',
  'current_period_end',
  'trial_end',
  'past_due_since',
  'ended_from',
  'resume_to',
  'intro_periods_left',
  'trial_reminder_sent_at',
  'provider_event_at',
] as const;
export type DatelineColumn = (typeof datelineColumns)[number];

/** A reader's subscription as a file carries it. */
export type FileSubscription = {
  planSlug: string;
  offerSlug: string | null;
  provider: PaymentProviderKind;
  providerSubscriptionId: string | null;
  subscribedAt: Date;
  state: SubscriptionState;
  introPeriodsLeft: number;
  trialReminderSentAt: Date | null;
  providerEventAt: Date | null;
};

/** One reader of a file, in Dateline's terms. */
export type FileReader = {
  line: number;
  email: string;
  name: string;
  /** Null: Ghost gave no date, and the reader signs up at the import. */
  createdAt: Date | null;
  source: AccountSource;
  subscribedToEmails: boolean;
  labels: string[];
  /** A note without its time (Ghost's) is dated at the import. */
  notes: { text: string; createdAt: Date | null }[];
  /** Starts at the import when its start is null (Ghost's complimentary plan, open-ended). */
  complimentary: { startsAt: Date | null; endsAt: Date | null; reason: string } | null;
  stripeCustomerId: string | null;
  subscription: FileSubscription | null;
};

/** The columns a header names, by position; the format it is. */
export type ReaderFileHeader = { format: ReaderFileFormat; columns: readonly string[] };

/** Which format a header is: Dateline's own has a reader's source and status, Ghost's has neither. */
export function parseReaderFileHeader(fields: readonly string[], line: number): ReaderFileHeader | ReaderFileProblem[] {
  const columns = fields.map((field) => field.trim().toLowerCase());
  const problems: ReaderFileProblem[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) problems.push({ line, field: column, message: 'is a column twice' });
    seen.add(column);
  }
  if (seen.has('source') && seen.has('status')) {
    for (const column of datelineColumns)
      if (!seen.has(column)) problems.push({ line, field: column, message: 'is missing from the header of a Dateline export' });
    const known: ReadonlySet<string> = new Set(datelineColumns);
    for (const column of columns)
      if (!known.has(column))
        problems.push({ line, field: column, message: `is not a column of a Dateline export (the columns are ${datelineColumns.join(', ')})` });
    return problems.length > 0 ? problems : { format: 'dateline', columns };
  }
  if (!seen.has('email'))
    problems.push({
      line,
      field: 'email',
      message: `is missing from the header: the first line must name the columns, as Ghost's members export (${ghostColumns.join(', ')}) or Dateline's export does`,
    });
  return problems.length > 0 ? problems : { format: 'ghost', columns };
}

const optional = <Schema extends TSchema>(schema: Schema) => Type.Optional(schema);
const instant = optional(Type.String({ format: 'date-time' }));
const yesNo = optional(Type.Enum(['true', 'false']));
/** Stripe's ids and texts as stored: never a null character, which PostgreSQL refuses. */
const text = (maxLength: number) => Type.String({ maxLength, pattern: '^[^\\u0000]*$' });

const ghostRow = Type.Object({
  email: Type.String({ maxLength: 254 }),
  name: optional(text(200)),
  note: optional(text(10_000)),
  subscribed_to_emails: yesNo,
  complimentary_plan: yesNo,
  stripe_customer_id: optional(Type.String({ pattern: '^cus_[A-Za-z0-9]+$', maxLength: 255 })),
  created_at: instant,
  labels: optional(text(2000)),
});

const datelineRow = Type.Object({
  ...ghostRow.properties,
  source: Type.Enum(accountSources),
  notes: optional(text(100_000)),
  complimentary_starts_at: instant,
  complimentary_ends_at: instant,
  complimentary_reason: optional(text(500)),
  plan: optional(text(200)),
  offer: optional(text(200)),
  status: optional(Type.Enum(['trialing', 'active', 'past_due', 'canceled', 'expired'])),
  provider: optional(Type.Enum(['test', 'stripe'])),
  provider_subscription_id: optional(Type.String({ pattern: '^[A-Za-z0-9_]+$', maxLength: 255 })),
  subscribed_at: instant,
  current_period_end: instant,
  trial_end: instant,
  past_due_since: instant,
  ended_from: optional(Type.Enum(['trial', 'subscription'])),
  resume_to: optional(Type.Enum(['trialing', 'active'])),
  intro_periods_left: optional(Type.String({ pattern: '^\\d{1,4}$' })),
  trial_reminder_sent_at: instant,
  provider_event_at: instant,
});
const checkGhostRow = Compile(ghostRow);
const checkDatelineRow = Compile(datelineRow);
type DatelineRow = Static<typeof datelineRow>;

const storedNotes = Type.Array(Type.Object({ text: text(10_000), createdAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false }), {
  maxItems: 1000,
});
const checkStoredNotes = Compile(storedNotes);

function describeSchemaError(line: number, error: TLocalizedValidationError): ReaderFileProblem[] {
  const field = error.instancePath.split('/')[1] ?? null;
  switch (error.keyword) {
    case 'required':
      return error.params.requiredProperties.map((name) => ({ line, field: name, message: 'is missing' }));
    case 'enum':
      return [{ line, field, message: `must be one of ${error.params.allowedValues.join(', ')}` }];
    case 'format':
      return [{ line, field, message: 'must be a date and time with its offset from UTC, such as 2024-03-14T09:30:00Z' }];
    case 'pattern':
      return [
        {
          line,
          field,
          message:
            field === 'stripe_customer_id'
              ? 'must be a Stripe customer id, such as cus_P5nXqL2'
              : field === 'intro_periods_left'
                ? 'must be a whole number'
                : field === 'provider_subscription_id'
                  ? 'must be the provider’s id of the subscription (letters, digits and _)'
                  : 'holds a null character, which cannot be stored',
        },
      ];
    case 'maxLength':
      return [{ line, field, message: `is longer than ${String(error.params.limit)} characters` }];
    default:
      return [{ line, field, message: error.message }];
  }
}

/**
 * Text a spreadsheet would run as a formula (=, +, -, @ and the rest) goes out with a quote before
 * it, as the desk's CSV is opened in one; Dateline's own files are read back without it. A text that
 * itself begins with the quote gets one more, so nothing is lost either way.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r']/.test(text) ? `'${text}` : text;
}

function unguardFormula(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

const labelsOf = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');

const dateOrNull = (text: string | undefined) => (text === undefined ? null : new Date(text));

/** The subscription columns of a Dateline row, which are all empty without a status. */
const subscriptionColumns = [
  'plan',
  'offer',
  'provider',
  'provider_subscription_id',
  'subscribed_at',
  'current_period_end',
  'trial_end',
  'past_due_since',
  'ended_from',
  'resume_to',
  'intro_periods_left',
  'trial_reminder_sent_at',
  'provider_event_at',
] as const satisfies readonly DatelineColumn[];

/** What each status needs beside the plan and the dates every subscription has. */
const neededFor: Readonly<Record<SubscriptionStatus, readonly DatelineColumn[]>> = {
  trialing: ['trial_end'],
  active: [],
  past_due: ['past_due_since'],
  canceled: ['resume_to'],
  expired: ['ended_from'],
};

function subscriptionOf(line: number, row: DatelineRow): FileSubscription | null | ReaderFileProblem[] {
  if (row.status === undefined) {
    const stray = subscriptionColumns.filter((column) => row[column] !== undefined);
    return stray.length === 0 ? null : stray.map((field) => ({ line, field, message: 'is for a subscription, and the reader has none (status is empty)' }));
  }
  const status = row.status;
  const problems = (['plan', 'provider', 'subscribed_at', 'current_period_end', ...neededFor[status]] as const)
    .filter((column) => row[column] === undefined)
    .map((field): ReaderFileProblem => ({ line, field, message: `is missing: a ${status} subscription has one` }));
  if (row.resume_to !== undefined && status !== 'canceled') problems.push({ line, field: 'resume_to', message: 'is for a canceled subscription only' });
  if (row.ended_from !== undefined && status !== 'expired') problems.push({ line, field: 'ended_from', message: 'is for an expired subscription only' });
  if (row.plan === undefined || row.provider === undefined || row.subscribed_at === undefined || row.current_period_end === undefined || problems.length > 0)
    return problems;
  return {
    planSlug: unguardFormula(row.plan),
    offerSlug: row.offer === undefined ? null : unguardFormula(row.offer),
    provider: row.provider,
    providerSubscriptionId: row.provider_subscription_id ?? null,
    subscribedAt: new Date(row.subscribed_at),
    state: {
      status,
      currentPeriodEnd: new Date(row.current_period_end),
      trialEnd: dateOrNull(row.trial_end),
      pastDueSince: dateOrNull(row.past_due_since),
      endedFrom: row.ended_from ?? null,
      resumeTo: row.resume_to ?? null,
    },
    introPeriodsLeft: Number(row.intro_periods_left ?? 0),
    trialReminderSentAt: dateOrNull(row.trial_reminder_sent_at),
    providerEventAt: dateOrNull(row.provider_event_at),
  };
}

function notesOf(line: number, text: string | undefined): { notes: FileReader['notes'] } | { problem: ReaderFileProblem } {
  if (text === undefined) return { notes: [] };
  let json: unknown;
  try {
    json = JSON.parse(unguardFormula(text));
  } catch {
    json = undefined;
  }
  if (!checkStoredNotes.Check(json))
    return { problem: { line, field: 'notes', message: 'must be the notes as Dateline exports them: a JSON list of { "text", "createdAt" }' } };
  return { notes: json.map((note) => ({ text: note.text, createdAt: new Date(note.createdAt) })) };
}

type GhostRow = Static<typeof ghostRow>;

function emailOf(line: number, text: string): string | ReaderFileProblem[] {
  return normalizeEmail(text) ?? [{ line, field: 'email', message: `"${text}" is not an e-mail address` }];
}

function ghostReaderOf(line: number, row: GhostRow): FileReader | ReaderFileProblem[] {
  const email = emailOf(line, row.email);
  if (Array.isArray(email)) return email;
  const note = row.note?.replace(/\r\n?/g, '\n');
  return {
    line,
    email,
    name: (row.name ?? '').replace(/\s+/g, ' '),
    createdAt: dateOrNull(row.created_at),
    source: 'import',
    subscribedToEmails: row.subscribed_to_emails === 'true',
    labels: labelsOf(row.labels),
    notes: note === undefined ? [] : [{ text: note, createdAt: null }],
    complimentary: row.complimentary_plan === 'true' ? { startsAt: null, endsAt: null, reason: 'Complimentary plan in Ghost' } : null,
    stripeCustomerId: row.stripe_customer_id ?? null,
    subscription: null,
  };
}

function datelineReaderOf(line: number, row: DatelineRow): FileReader | ReaderFileProblem[] {
  const read = (value: string | undefined) => (value === undefined ? undefined : unguardFormula(value));
  const email = emailOf(line, read(row.email) ?? '');
  const problems: ReaderFileProblem[] = Array.isArray(email) ? [...email] : [];
  if (row.created_at === undefined) problems.push({ line, field: 'created_at', message: 'is missing: a Dateline export dates every reader' });
  const notes = notesOf(line, row.notes);
  if ('problem' in notes) problems.push(notes.problem);
  let complimentary: FileReader['complimentary'] = null;
  if (row.complimentary_starts_at !== undefined) {
    const reason = read(row.complimentary_reason);
    if (reason === undefined) problems.push({ line, field: 'complimentary_reason', message: 'is missing: complimentary access is given for a reason' });
    const startsAt = new Date(row.complimentary_starts_at);
    const endsAt = dateOrNull(row.complimentary_ends_at);
    if (endsAt !== null && endsAt <= startsAt) problems.push({ line, field: 'complimentary_ends_at', message: 'must come after complimentary_starts_at' });
    complimentary = { startsAt, endsAt, reason: reason ?? '' };
  } else {
    for (const field of ['complimentary_ends_at', 'complimentary_reason'] as const)
      if (row[field] !== undefined) problems.push({ line, field, message: 'is for complimentary access, and complimentary_starts_at is empty' });
  }
  const subscription = subscriptionOf(line, row);
  if (Array.isArray(subscription)) problems.push(...subscription);
  if (Array.isArray(email) || Array.isArray(subscription) || 'problem' in notes || problems.length > 0) return problems;
  return {
    line,
    email,
    // Kept as written: the export wrote the name as the account holds it.
    name: read(row.name) ?? '',
    createdAt: dateOrNull(row.created_at),
    source: row.source,
    subscribedToEmails: row.subscribed_to_emails === 'true',
    labels: labelsOf(read(row.labels)),
    notes: notes.notes,
    complimentary,
    stripeCustomerId: row.stripe_customer_id ?? null,
    subscription,
  };
}

/**
 * One record of a readers' file, as the header names its fields: the reader, or everything wrong
 * with the line. Empty fields are absent ones; booleans are Ghost's true and false in any case.
 */
export function parseReaderRecord(header: ReaderFileHeader, fields: readonly string[], line: number): FileReader | ReaderFileProblem[] {
  if (fields.length !== header.columns.length)
    return [{ line, field: null, message: `has ${fields.length} fields where the header names ${header.columns.length}` }];
  const values: Record<string, string> = {};
  header.columns.forEach((column, index) => {
    // Trimmed, except a Dateline export's, which are written exactly as they are held.
    const raw = fields[index] ?? '';
    const value = header.format === 'dateline' ? raw : raw.trim();
    if (value === '') return;
    values[column] = column === 'subscribed_to_emails' || column === 'complimentary_plan' ? value.trim().toLowerCase() : value;
  });
  // An address that is none is reported beside the other fields' problems, not after they are mended.
  const badEmail = (): ReaderFileProblem[] => {
    const email = emailOf(line, values.email === undefined ? '' : header.format === 'dateline' ? unguardFormula(values.email) : values.email);
    return values.email === undefined || !Array.isArray(email) ? [] : email;
  };
  if (header.format === 'ghost') {
    if (!checkGhostRow.Check(values)) return [...badEmail(), ...checkGhostRow.Errors(values).flatMap((error) => describeSchemaError(line, error))];
    return ghostReaderOf(line, values);
  }
  if (!checkDatelineRow.Check(values)) return [...badEmail(), ...checkDatelineRow.Errors(values).flatMap((error) => describeSchemaError(line, error))];
  return datelineReaderOf(line, values);
}

export function describeReaderFileProblem({ line, field, message }: ReaderFileProblem): string {
  return `line ${line}${field === null ? '' : `, ${field}`}: ${message}`;
}

const instantText = (at: Date | null) => at?.toISOString() ?? '';

/**
 * A reader as a line of Dateline's export, in `datelineColumns` order: what `parseReaderRecord`
 * reads back into the same reader. Text goes out guarded against a spreadsheet's formulas.
 */
export function datelineFieldsOf(reader: Omit<FileReader, 'line'>): string[] {
  const subscription = reader.subscription;
  const state = subscription?.state;
  const complimentary = reader.complimentary;
  const fields: Record<DatelineColumn, string> = {
    email: guardFormula(reader.email),
    name: guardFormula(reader.name),
    created_at: instantText(reader.createdAt),
    source: reader.source,
    subscribed_to_emails: reader.subscribedToEmails ? 'true' : 'false',
    labels: guardFormula(reader.labels.join(',')),
    notes: reader.notes.length === 0 ? '' : JSON.stringify(reader.notes.map((note) => ({ text: note.text, createdAt: instantText(note.createdAt) }))),
    complimentary_starts_at: instantText(complimentary?.startsAt ?? null),
    complimentary_ends_at: instantText(complimentary?.endsAt ?? null),
    complimentary_reason: complimentary ? guardFormula(complimentary.reason) : '',
    stripe_customer_id: reader.stripeCustomerId ?? '',
    plan: subscription ? guardFormula(subscription.planSlug) : '',
    offer: subscription?.offerSlug ? guardFormula(subscription.offerSlug) : '',
    status: state?.status ?? '',
    provider: subscription?.provider ?? '',
    provider_subscription_id: subscription?.providerSubscriptionId ?? '',
    subscribed_at: instantText(subscription?.subscribedAt ?? null),
    current_period_end: instantText(state?.currentPeriodEnd ?? null),
    trial_end: instantText(state?.trialEnd ?? null),
    past_due_since: instantText(state?.pastDueSince ?? null),
    ended_from: state?.endedFrom ?? '',
    resume_to: state?.resumeTo ?? '',
    intro_periods_left: subscription ? String(subscription.introPeriodsLeft) : '',
    trial_reminder_sent_at: instantText(subscription?.trialReminderSentAt ?? null),
    provider_event_at: instantText(subscription?.providerEventAt ?? null),
  };
  return datelineColumns.map((column) => fields[column]);
}
