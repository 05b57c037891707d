import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Database } from '../src/db/database.ts';
import { loadEdition } from '../src/newsletters/edition/load-edition.ts';
import { personaliseEdition } from '../src/newsletters/edition/personalise.ts';
import { renderEdition } from '../src/newsletters/edition/render-edition.ts';
import { deriveNewsletterLinkKey, signNewsletterToken } from '../src/newsletters/newsletter-link.ts';
import { derivePreferencesLinkKey, listUnsubscribeHeaders, signPreferencesToken, signUnsubscribeToken } from '../src/newsletters/preferences-link.ts';
import type { BenchSend } from './newsletter-readers.ts';

/**
 * The bound's one message: the send's edition as Dateline renders it for most of its readers (the
 * preview), personalised for one of them and composed once as MIME, so the bound sends as many
 * bytes a message as Dateline does (the table shows both sizes as the sink took them).
 */
export async function composeBoundMessage(
  db: Database,
  send: BenchSend,
  { siteUrl, secret, now }: { siteUrl: URL; secret: string; now: Date },
): Promise<Buffer> {
  const edition = await loadEdition(db, send.sendId, { siteUrl, now });
  if (edition === null) throw new Error(`send ${send.sendId} has no edition to render`);
  const newsletterKey = deriveNewsletterLinkKey(secret);
  const preferencesKey = derivePreferencesLinkKey(secret);
  const accountId = 1;
  const expiresAt = new Date(now.getTime() + 30 * 86_400_000);
  // The site's own addresses, written out here: the bound needs their length, not the routes.
  const unsubscribeUrl = new URL(
    `newsletters/unsubscribe?token=${signUnsubscribeToken({ accountId, newsletterId: send.newsletterId }, preferencesKey)}`,
    siteUrl,
  );
  const message = personaliseEdition(renderEdition(edition, 'preview'), {
    newsletterToken: (articleId) => signNewsletterToken({ articleId, deliveryId: 1, expiresAt }, newsletterKey),
    unsubscribeUrl: unsubscribeUrl.href,
    preferencesUrl: new URL(`newsletters/preferences?token=${signPreferencesToken({ accountId }, preferencesKey)}`, siteUrl).href,
  });
  return new MailComposer({
    from: message.from,
    to: 'reader1@example.org',
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: listUnsubscribeHeaders(unsubscribeUrl),
  })
    .compile()
    .build();
}
