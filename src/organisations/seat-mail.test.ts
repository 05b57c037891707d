import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthly } from '../../test/catalogue-fixtures.ts';
import { composeSeatMail } from './seat-mail.ts';

const wording = { publication: 'The Harbour Gazette', locale: 'en-US', timeZone: 'America/New_York', organisationUrl: 'https://news.example/organisation' };
const team = { organisationName: 'Quayside Studio', plan: monthly };

describe("the mail to the reader who bought a company's seats", () => {
  it('gives the receipt of a purchase: seats, plan, amount, until when it is paid, and where to manage it', () => {
    const mail = composeSeatMail({ kind: 'seats-bought', ...team, seats: 3, amountMinor: 4500, periodEnd: new Date('2026-07-15T12:00:00Z') }, wording);
    assert.equal(mail.subject, 'Your receipt from The Harbour Gazette: 3 seats for Quayside Studio');
    assert.equal(
      mail.text,
      'Thank you for buying 3 seats of Digital for Quayside Studio. We received $45; the seats are paid until July 15, 2026 and renew then at $45 a month unless you cancel.\n\n' +
        'You hold the first seat. Invite your colleagues, see who reads and change the number of seats at https://news.example/organisation\n',
    );
  });

  it('tells added seats with what they cost now and what each renewal costs', () => {
    const mail = composeSeatMail(
      { kind: 'seats-changed', ...team, from: 3, to: 4, dueNowMinor: 750, renewalMinor: 6000, periodEnd: new Date('2026-07-15T12:00:00Z') },
      wording,
    );
    assert.equal(mail.subject, 'Quayside Studio now has 4 seats');
    assert.match(mail.text, /^Quayside Studio's The Harbour Gazette subscription went from 3 seats to 4 seats\.\n\n/);
    assert.match(mail.text, /We charged \$7\.50 today for the added seats for the rest of this period\. From July 15, 2026 you pay \$60 a month\./);
  });

  it('tells fewer seats with the lower renewal and no charge', () => {
    const mail = composeSeatMail(
      { kind: 'seats-changed', ...team, from: 4, to: 2, dueNowMinor: 0, renewalMinor: 3000, periodEnd: new Date('2026-07-16T03:00:00Z') },
      wording,
    );
    assert.equal(mail.subject, 'Quayside Studio now has 2 seats');
    assert.doesNotMatch(mail.text, /charged/);
    // The period's end in the publication's time zone: 11 p.m. on July 15 in New York.
    assert.match(mail.text, /From July 15, 2026 you pay \$30 a month\.\n\nYour organisation: https:\/\/news\.example\/organisation\n$/);
  });
});
