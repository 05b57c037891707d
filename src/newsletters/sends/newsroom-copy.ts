import type { Database } from '../../db/database.ts';
import { loadEdition } from '../edition/load-edition.ts';
import { personaliseEdition, type PersonalisedEdition } from '../edition/personalise.ts';
import { renderEdition } from '../edition/render-edition.ts';
import type { DeliveryVariant } from '../newsletter-tables.ts';
import { SendNotFoundError } from './sends.ts';

/**
 * The token a newsroom copy's article links carry. It is no signed token, so the article opens as
 * the ordinary page: a preview or a test credits nobody's meter and counts no click.
 */
export const newsroomCopyToken = 'newsroom-copy';

/**
 * A send as one kind of recipient would get it, for the newsroom's preview and its test messages:
 * rendered as delivery renders it, with links that act for no one (article links open the ordinary
 * page, the unsubscribe and preferences links the site's newsletters page). A send that waits for
 * its time is shown as it will go out then: an article's send waits for the article's publication,
 * before which the article is on no published list.
 */
export async function newsroomCopyOf(
  db: Database,
  sendId: number,
  variant: DeliveryVariant,
  { siteUrl, now }: { siteUrl: URL; now: Date },
): Promise<PersonalisedEdition> {
  const send = await db.selectFrom('newsletter_sends').select('scheduled_for').where('id', '=', sendId).executeTakeFirst();
  if (send === undefined) throw new SendNotFoundError();
  const scheduledFor = new Date(send.scheduled_for);
  const edition = await loadEdition(db, sendId, { siteUrl, now: scheduledFor > now ? scheduledFor : now });
  if (edition === null) throw new SendNotFoundError();
  const newslettersPage = new URL('/newsletters', siteUrl).toString();
  return personaliseEdition(renderEdition(edition, variant), {
    newsletterToken: () => newsroomCopyToken,
    unsubscribeUrl: newslettersPage,
    preferencesUrl: newslettersPage,
  });
}

/**
 * The preview frame's own policy, stricter than the newsroom's: the message's inline styles and its
 * images from anywhere a message's may come, nothing else; no script, no form, sandboxed, and
 * framed by the newsroom's own pages only.
 */
export function previewContentSecurityPolicy(siteUrl: URL): string {
  return [
    "default-src 'none'",
    `img-src ${siteUrl.origin} https: data:`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    'sandbox',
  ].join('; ');
}
