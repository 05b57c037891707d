import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coresOf, formatNewsletterTable, messagesPerSecondOf, newsletterRowOf, type SendingPhase } from './newsletter-report.ts';

const bound = (overrides: Partial<SendingPhase> = {}): SendingPhase => ({
  label: 'bound: bare nodemailer (start)',
  recipients: 100_000,
  received: 100_000,
  receivedBytes: 100_000 * 40_960,
  wallMs: 25_000,
  queueMs: null,
  senderCpuMicroseconds: 20_000_000,
  sinkCpuMicroseconds: 15_000_000,
  senderPeakRssMb: null,
  ...overrides,
});

const dateline = (overrides: Partial<SendingPhase> = {}): SendingPhase =>
  bound({ label: 'Dateline, SQLite', wallMs: 40_000, queueMs: 2_000, senderCpuMicroseconds: 36_000_000, senderPeakRssMb: 180, ...overrides });

describe('rates and cores', () => {
  it('give messages a second over the wall time, and CPU time over wall time in hundredths of a core', () => {
    assert.equal(messagesPerSecondOf(100_000, 25_000), 4_000);
    assert.equal(coresOf(15_000_000, 25_000), 0.6);
  });

  it('are nought for a phase that took no time', () => {
    assert.equal(messagesPerSecondOf(10, 0), 0);
    assert.equal(coresOf(10, 0), 0);
  });
});

describe('a phase of the newsletter bench', () => {
  it('for the bound: its rate, checked only for every message arriving', () => {
    const row = newsletterRowOf(bound(), { bound: null });
    assert.equal(row.messagesPerSecond, 4_000);
    assert.equal(row.ratioToBound, null);
    assert.equal(row.queueSeconds, null);
    assert.equal(row.meanMessageKb, 40);
    assert.deepEqual(row.checks, [{ label: '100000 received', isMet: true }]);
  });

  it("for Dateline: the end-to-end rate, queueing included, against the bound's, and the sender's peak memory", () => {
    const row = newsletterRowOf(dateline(), { bound: 4_000 });
    assert.equal(row.messagesPerSecond, 2_500);
    assert.equal(row.ratioToBound, 0.63);
    assert.equal(row.queueSeconds, 2);
    assert.equal(row.sendingPerSecond, 2_632);
    assert.equal(row.senderCores, 0.9);
    assert.deepEqual(row.checks, [
      { label: '100000 received', isMet: true },
      { label: '≥ 0.5', isMet: true },
      { label: 'RSS ≤ 250 MB', isMet: true },
    ]);
  });

  it('misses the targets below half the bound, above 250 MB, or with messages missing', () => {
    const row = newsletterRowOf(dateline({ wallMs: 60_000, senderPeakRssMb: 251, received: 99_999 }), { bound: 4_000 });
    assert.equal(row.ratioToBound, 0.42);
    assert.deepEqual(
      row.checks.map((check) => check.isMet),
      [false, false, false],
    );
  });

  it('shows the memory target without judging it on fewer than 100,000 recipients', () => {
    const row = newsletterRowOf(dateline({ recipients: 5_000, received: 5_000 }), { bound: 200 });
    assert.deepEqual(row.checks.at(-1), { label: 'RSS ≤ 250 MB at 100,000 recipients', isMet: null });
  });
});

describe('the table', () => {
  it('prints one Markdown row a phase, blank where a figure does not apply', () => {
    const lines = formatNewsletterTable([newsletterRowOf(bound(), { bound: null }), newsletterRowOf(dateline(), { bound: 4_000 })]).split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[2], '| bound: bare nodemailer (start) | 100000 | 25 | 4000 |  |  |  | 0.8 | 0.6 |  | 40 | 100000 received ✓ |');
    assert.equal(lines[3], '| Dateline, SQLite | 100000 | 40 | 2500 | 0.63 | 2 | 2632 | 0.9 | 0.38 | 180 | 40 | 100000 received ✓, ≥ 0.5 ✓, RSS ≤ 250 MB ✓ |');
  });
});
