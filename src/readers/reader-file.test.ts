import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  datelineColumns,
  datelineFieldsOf,
  guardFormula,
  parseReaderFileHeader,
  parseReaderRecord,
  type FileReader,
  type ReaderFileHeader,
  type ReaderFileProblem,
} from './reader-file.ts';

const ghostHeader: ReaderFileHeader = {
  format: 'ghost',
  columns: ['id', 'email', 'name', 'note', 'subscribed_to_emails', 'complimentary_plan', 'stripe_customer_id', 'created_at', 'labels'],
};
const datelineHeader: ReaderFileHeader = { format: 'dateline', columns: datelineColumns };

const reader: Omit<FileReader, 'line'> = {
  email: 'ada@example.org',
  name: '=Ada, "the" Countess',
  createdAt: new Date('2021-04-01T08:15:00Z'),
  source: 'website',
  subscribedToEmails: true,
  labels: ['VIP', 'Press'],
  notes: [{ text: 'Two lines\r\nand a "quote"', createdAt: new Date('2026-01-02T03:04:05Z') }],
  complimentary: { startsAt: new Date('2026-11-01T00:00:00Z'), endsAt: null, reason: "-'Sorry'" },
  stripeCustomerId: 'cus_Abc123',
  subscription: {
    planSlug: 'digital',
    offerSlug: 'intro',
    provider: 'stripe',
    providerSubscriptionId: 'sub_Abc123',
    subscribedAt: new Date('2026-02-01T00:00:00Z'),
    state: {
      status: 'canceled',
      currentPeriodEnd: new Date('2026-12-01T00:00:00Z'),
      trialEnd: null,
      pastDueSince: null,
      endedFrom: null,
      resumeTo: 'active',
    },
    introPeriodsLeft: 1,
    trialReminderSentAt: null,
    providerEventAt: new Date('2026-11-02T00:00:00Z'),
  },
};

const problemsOf = (header: ReaderFileHeader, fields: readonly string[]): [number, string | null][] => {
  const parsed = parseReaderRecord(header, fields, 5);
  assert.ok(Array.isArray(parsed), 'the line is refused');
  return parsed.map(({ line, field }) => [line, field]);
};
const withField = (column: (typeof datelineColumns)[number], value: string, fields = datelineFieldsOf(reader)) =>
  fields.map((field, index) => (datelineColumns[index] === column ? value : field));

describe('the header of a readers’ file', () => {
  it('is Ghost’s when it names an email column, whatever else Ghost exported', () => {
    assert.deepEqual(parseReaderFileHeader([' Email ', 'Name', 'tiers'], 1), { format: 'ghost', columns: ['email', 'name', 'tiers'] });
  });

  it('is Dateline’s with a source and a status, and then must have every column of it and no other', () => {
    assert.deepEqual(parseReaderFileHeader(datelineColumns, 1), { format: 'dateline', columns: datelineColumns });
    const problems = parseReaderFileHeader(['email', 'source', 'status', 'extra'], 1);
    assert.ok(Array.isArray(problems));
    assert.ok(problems.some((problem) => problem.field === 'plan' && /missing/.test(problem.message)));
    assert.ok(problems.some((problem) => problem.field === 'extra' && /not a column/.test(problem.message)));
  });

  it('without an e-mail column, or with a column twice, is refused', () => {
    assert.deepEqual(
      (parseReaderFileHeader(['name', 'name'], 1) as ReaderFileProblem[]).map(({ field }) => field),
      ['name', 'email'],
    );
  });
});

describe('a Ghost member', () => {
  it('is a reader brought in by import, tidied, with Ghost’s note dated at the import and its complimentary plan open-ended', () => {
    const parsed = parseReaderRecord(ghostHeader, ['6123', ' ADA@example.org ', 'Ada   L', 'A\r\nnote', 'TRUE', 'true', 'cus_X1', '', 'a, b,,'], 7);
    assert.deepEqual(parsed, {
      line: 7,
      email: 'ada@example.org',
      name: 'Ada L',
      createdAt: null,
      source: 'import',
      subscribedToEmails: true,
      labels: ['a', 'b'],
      notes: [{ text: 'A\nnote', createdAt: null }],
      complimentary: { startsAt: null, endsAt: null, reason: 'Complimentary plan in Ghost' },
      stripeCustomerId: 'cus_X1',
      subscription: null,
    });
  });

  it('with a field wrong says which', () => {
    assert.deepEqual(problemsOf(ghostHeader, ['1', 'ada@', '', '', 'yes', '', 'customer', 'yesterday', '']), [
      [5, 'email'],
      [5, 'subscribed_to_emails'],
      [5, 'stripe_customer_id'],
      [5, 'created_at'],
    ]);
    assert.deepEqual(problemsOf(ghostHeader, ['1', 'ada@', '', '', '', '', '', '', '']), [[5, 'email']]);
    assert.deepEqual(problemsOf(ghostHeader, ['1', 'ada@example.org']), [[5, null]]);
  });
});

describe('a line of Dateline’s export', () => {
  it('reads back into the reader it was written from, formulas guarded and all', () => {
    const fields = datelineFieldsOf(reader);
    assert.equal(fields[datelineColumns.indexOf('name')], '\'=Ada, "the" Countess');
    assert.deepEqual(parseReaderRecord(datelineHeader, fields, 3), { ...reader, line: 3 });
    const free = { ...reader, subscription: null, complimentary: null, notes: [], labels: [], stripeCustomerId: null, subscribedToEmails: false };
    assert.deepEqual(parseReaderRecord(datelineHeader, datelineFieldsOf(free), 4), { ...free, line: 4 });
  });

  it('has what each subscription status needs, and nothing of a subscription without one', () => {
    assert.deepEqual(problemsOf(datelineHeader, withField('resume_to', '')), [[5, 'resume_to']]);
    assert.deepEqual(problemsOf(datelineHeader, withField('status', 'expired')), [
      [5, 'ended_from'],
      [5, 'resume_to'],
    ]);
    const noStatus = withField('status', '');
    assert.ok(problemsOf(datelineHeader, noStatus).every(([, field]) => field !== 'status'));
    assert.ok(problemsOf(datelineHeader, noStatus).some(([, field]) => field === 'plan'));
    assert.deepEqual(problemsOf(datelineHeader, withField('plan', '')), [[5, 'plan']]);
  });

  it('gives complimentary access a reason and an end after its start, and notes as Dateline writes them', () => {
    assert.deepEqual(problemsOf(datelineHeader, withField('complimentary_reason', '')), [[5, 'complimentary_reason']]);
    assert.deepEqual(problemsOf(datelineHeader, withField('complimentary_ends_at', '2026-10-01T00:00:00.000Z')), [[5, 'complimentary_ends_at']]);
    assert.deepEqual(problemsOf(datelineHeader, withField('complimentary_starts_at', '')), [[5, 'complimentary_reason']]);
    assert.deepEqual(problemsOf(datelineHeader, withField('notes', 'a plain note')), [[5, 'notes']]);
    assert.deepEqual(problemsOf(datelineHeader, withField('source', 'ghost')), [[5, 'source']]);
  });
});

describe('guarding a formula', () => {
  it('puts a quote before what a spreadsheet would run, and before a quote, and nothing else', () => {
    assert.deepEqual(['=1+1', '+1', '-1', '@SUM', "'x", 'Ada', ''].map(guardFormula), ["'=1+1", "'+1", "'-1", "'@SUM", "''x", 'Ada', '']);
  });
});
