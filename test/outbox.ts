import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The newest message to this address in a data folder's outbox (where mail goes without SMTP_URL),
 * with quoted-printable soft line breaks and "=3D" undone so that links read whole.
 */
export function lastMailTo(dataDir: string, address: string): string {
  const outbox = path.join(dataDir, 'outbox');
  const files = existsSync(outbox)
    ? readdirSync(outbox)
        .filter((file) => file.endsWith('.eml'))
        .sort()
    : [];
  const mail = files
    .map((file) => readFileSync(path.join(outbox, file), 'utf8'))
    .filter((message) => message.includes(`To: ${address}`))
    .at(-1);
  if (mail === undefined) throw new Error(`no mail to ${address}`);
  return mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

/** The link to this path of the site, with its token, that a message carries. */
export function mailedLink(mail: string, linkPath: string): URL {
  const link = new RegExp(`https?://\\S+${linkPath.replaceAll('/', '\\/')}\\?token=[A-Za-z0-9_-]+`).exec(mail)?.[0];
  if (link === undefined) throw new Error(`no ${linkPath} link in the mail`);
  return new URL(link);
}
