import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config.ts';

/**
 * One message. `kind` names what it is (welcome, receipt, login-link…): the readers' desk lists
 * every mail sent to a reader by it and its subject, so no mail goes out unnamed.
 */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  kind: string;
  /** An HTML part beside the text (a newsletter's edition); most mail is text alone. */
  html?: string;
  /** A sender other than the publication's (a newsletter's own name and address). */
  from?: { name: string; address: string };
};

/** What the transport is given: the message's own sender when it has one, else the publication's. */
function envelopeOf(message: MailMessage, from: string) {
  return {
    from: message.from ?? from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
  };
}

export type Mailer = {
  send: (message: MailMessage) => Promise<void>;
};

/** The publication's mailer as configured: one per process, shared by the site and the job loop. */
export function mailerOf(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>): Mailer {
  return createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, 'outbox') });
}

/**
 * Sends through SMTP when SMTP_URL is set. Without it, each message is written as an .eml file to
 * the outbox folder, where a developer (and later the admin) can read it.
 */
export function createMailer({ smtpUrl, from, outboxDir }: { smtpUrl: string | null; from: string; outboxDir: string }): Mailer {
  // The library is loaded with the first message: most requests send none, and it is large.
  const library = once(async () => (await import('nodemailer')).default);
  if (smtpUrl !== null) {
    const transport = once(async () => (await library()).createTransport(smtpUrl));
    return {
      send: async (message) => {
        await (await transport()).sendMail(envelopeOf(message, from));
      },
    };
  }
  const transport = once(async () => (await library()).createTransport({ streamTransport: true, buffer: true, newline: 'unix' }));
  return {
    send: async (message) => {
      const sent = await (await transport()).sendMail(envelopeOf(message, from));
      const raw = sent.message;
      if (!Buffer.isBuffer(raw)) throw new Error('The outbox transport did not give the message as a buffer');
      await mkdir(outboxDir, { recursive: true });
      const file = path.join(outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
      await writeFile(`${file}.partial`, raw);
      await rename(`${file}.partial`, file);
    },
  };
}

function once<Value>(make: () => Promise<Value>): () => Promise<Value> {
  let made: Promise<Value> | null = null;
  return () => (made ??= make());
}
