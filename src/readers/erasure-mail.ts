import type { MailMessage } from '../mail/mailer.ts';
import type { ErasureRequester } from './erase-reader.ts';

/** The last mail to an erased reader's address: what was done, by whom, and what the law keeps. */
export function composeErasureMail({ to, publication, requester }: { to: string; publication: string; requester: ErasureRequester['kind'] }): MailMessage {
  const kept = 'Payments stay in our accounts, as the law requires, without your name or address.';
  return {
    to,
    kind: 'account-deleted',
    subject: `Your ${publication} account is deleted`,
    text:
      requester === 'desk'
        ? `Your ${publication} account has been deleted by our readers' desk: any subscription is ended and what we held about you is erased. ${kept}\n\nIf you did not ask for this, reply to this message.\n`
        : `Your ${publication} account is deleted, as you asked: your subscription is ended and what we held about you is erased. ${kept}\n\nThank you for reading. You are welcome back at any time.\n`,
  };
}
