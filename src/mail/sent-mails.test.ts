import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertAccount } from '../accounts/account-repository.ts';
import { openTestDatabase } from '../../test/database.ts';
import type { MailMessage, Mailer } from './mailer.ts';
import { listSentMails, recordingMailer } from './sent-mails.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-12-01T12:00:00Z');
const ana = await insertAccount(db, { email: 'ana@example.org', name: 'Ana', passwordHash: null, role: 'reader', now });
await insertAccount(db, { email: 'sam@example.org', name: 'Sam', passwordHash: null, role: 'support', now });

const delivered: MailMessage[] = [];
const deliveringMailer: Mailer = { send: async (message) => void delivered.push(message) };
const failingMailer: Mailer = {
  send: async () => {
    throw new Error('SMTP refused');
  },
};
const message = (to: string, kind = 'receipt'): MailMessage => ({ to, kind, subject: `Your ${kind}`, text: 'Thank you.' });

describe(`mails recorded for the desk (${dialect})`, () => {
  it("records a mail to a reader's address, however it is written, with its kind and subject, after it has gone", async () => {
    const mailer = recordingMailer(deliveringMailer, { db, now: () => now });
    await mailer.send(message(' ANA@example.org', 'welcome'));
    await mailer.send(message('ana@example.org', 'receipt'));
    assert.equal(delivered.length, 2);
    assert.deepEqual(
      (await listSentMails(db, ana)).map((mail) => [mail.kind, mail.subject, mail.sentAt.toISOString()]),
      [
        ['receipt', 'Your receipt', now.toISOString()],
        ['welcome', 'Your welcome', now.toISOString()],
      ],
    );
  });

  it('records nothing for an address with no reader, nor for a mail that did not go', async () => {
    const before = (await db.selectFrom('sent_mails').select('id').execute()).length;
    await recordingMailer(deliveringMailer, { db, now: () => now }).send(message('sam@example.org', 'magic-link'));
    await recordingMailer(deliveringMailer, { db, now: () => now }).send(message('nobody@example.org', 'registration-link'));
    await assert.rejects(recordingMailer(failingMailer, { db, now: () => now }).send(message('ana@example.org')), /SMTP refused/);
    assert.equal((await db.selectFrom('sent_mails').select('id').execute()).length, before);
  });
});
