import { normalizeEmail } from '../accounts/email-address.ts';
import type { Database } from '../db/database.ts';
import type { Mailer } from './mailer.ts';

/** A mail as the reader's timeline lists it. */
export type SentMail = { id: number; accountId: number; kind: string; subject: string; sentAt: Date };

/**
 * The configured mailer, with every message sent to a reader's address written to `sent_mails`
 * once it has gone: whatever part of the site sends it (the account pages, the desk, the job
 * loop), the desk sees it on the reader's timeline. Mail to an address with no reader account
 * (a registration link, a new address still to be confirmed, a staff invitation) is not a reader's.
 */
export function recordingMailer(mailer: Mailer, { db, now }: { db: Database; now: () => Date }): Mailer {
  return {
    send: async (message) => {
      await mailer.send(message);
      const email = normalizeEmail(message.to);
      if (email === null) return;
      const reader = await db.selectFrom('accounts').select('id').where('email', '=', email).where('role', '=', 'reader').executeTakeFirst();
      if (!reader) return;
      await db.insertInto('sent_mails').values({ account_id: reader.id, kind: message.kind, subject: message.subject, sent_at: now().toISOString() }).execute();
    },
  };
}

/** The mails sent to a reader, newest first. */
export async function listSentMails(db: Database, accountId: number): Promise<SentMail[]> {
  const rows = await db.selectFrom('sent_mails').selectAll().where('account_id', '=', accountId).orderBy('sent_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((row) => ({ id: row.id, accountId: row.account_id, kind: row.kind, subject: row.subject, sentAt: new Date(row.sent_at) }));
}
