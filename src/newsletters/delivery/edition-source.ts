import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { entitledAccounts } from '../edition/entitlement.ts';
import { loadEdition } from '../edition/load-edition.ts';
import { personaliseEdition } from '../edition/personalise.ts';
import { renderEdition, type RenderedEdition } from '../edition/render-edition.ts';
import type { DeliveryVariant } from '../newsletter-tables.ts';
import type { EditionSource } from './send-deliveries.ts';

/**
 * The edition part as a sender uses it: a send loaded once, each variant rendered the first time a
 * recipient needs it, and each recipient's copy personalised from that rendering. Entitlement is
 * the edition's (the site's rules, in batches), so the variant a recipient is sent is the one the
 * site would show them.
 */
export function editionSourceOf(db: Kysely<Tables>, siteUrl: URL): EditionSource {
  return {
    prepare: async (sendId, now) => {
      const [edition, newsletter] = await Promise.all([
        loadEdition(db, sendId, { siteUrl, now }),
        db
          .selectFrom('newsletter_sends')
          .innerJoin('newsletters', 'newsletters.id', 'newsletter_sends.newsletter_id')
          .select(['newsletters.id', 'newsletters.audience'])
          .where('newsletter_sends.id', '=', sendId)
          .executeTakeFirst(),
      ]);
      // Every article unpublished since the send was queued: there is nothing left to send.
      if (edition === null || newsletter === undefined || edition.articles.length === 0) return null;
      const rendered = new Map<DeliveryVariant, RenderedEdition>();
      const renderingOf = (variant: DeliveryVariant): RenderedEdition => {
        let rendering = rendered.get(variant);
        if (rendering === undefined) {
          rendering = renderEdition(edition, variant);
          rendered.set(variant, rendering);
        }
        return rendering;
      };
      return {
        newsletterId: newsletter.id,
        audience: newsletter.audience,
        copyFor: (variant, links) => personaliseEdition(renderingOf(variant), links),
      };
    },
    entitled: (accountIds, now) => entitledAccounts(db, accountIds, now),
  };
}
