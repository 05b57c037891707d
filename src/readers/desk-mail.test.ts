import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeDeskMail, type DeskMail } from './desk-mail.ts';

const wording = { publication: 'The Harbour Times', locale: 'en-US', timeZone: 'America/New_York', accountUrl: 'https://news.example/account' };
// Just after midnight in UTC is still the evening before in New York: the reader's day is the publication's.
const at = new Date('2027-01-01T02:00:00Z');

describe("the desk's mails to a reader", () => {
  it('tell complimentary access with its end day in the publication’s time zone, or with none', () => {
    const given = composeDeskMail({ kind: 'complimentary-given', until: at }, wording);
    assert.equal(given.subject, 'You have complimentary access to The Harbour Times');
    assert.match(given.text, /until December 31, 2026\. Nothing will be billed for it\./);
    assert.match(composeDeskMail({ kind: 'complimentary-given', until: null }, wording).text, /with no end date/);
  });

  it('tell a cancellation now apart from one at the period’s end', () => {
    assert.match(composeDeskMail({ kind: 'canceled', when: 'now', accessUntil: at }, wording).text, /has ended today/);
    assert.match(composeDeskMail({ kind: 'canceled', when: 'period-end', accessUntil: at }, wording).text, /keep full access until December 31, 2026/);
  });

  it('give the refund in the currency as the publication writes it', () => {
    assert.match(composeDeskMail({ kind: 'refunded', amountMinor: 1250, currency: 'EUR' }, wording).text, /€12\.50/);
    assert.match(composeDeskMail({ kind: 'refunded', amountMinor: 900, currency: 'USD' }, wording).text, /\$9\./);
  });

  it('carry the link where there is one, and the account page in every other', () => {
    const mails: DeskMail[] = [
      { kind: 'complimentary-given', until: null },
      { kind: 'complimentary-revoked' },
      { kind: 'trial-extended', until: at },
      { kind: 'canceled', when: 'now', accessUntil: at },
      { kind: 'refunded', amountMinor: 100, currency: 'USD' },
    ];
    for (const mail of mails) assert.match(composeDeskMail(mail, wording).text, /https:\/\/news\.example\/account\n$/, mail.kind);
    const link = 'https://news.example/login/link/confirm?token=abc';
    assert.ok(composeDeskMail({ kind: 'login-link', link }, wording).text.includes(link));
    assert.ok(composeDeskMail({ kind: 'email-change-link', link }, wording).text.includes(link));
    assert.match(composeDeskMail({ kind: 'email-change-notice', newEmail: 'new@example.org' }, wording).text, /to new@example\.org\. Nothing changes/);
  });
});
