import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { entitledAccounts } from '../edition/entitlement.ts';
import { loadEdition } from '../edition/load-edition.ts';
import { renderEdition } from '../edition/render-edition.ts';
import type { DeliveryVariant } from '../newsletter-tables.ts';
import { composeEditionMime, composeMessage, type EditionMime } from './edition-mime.ts';
import type { EditionSource } from './send-deliveries.ts';

/**
 * The edition part as a sender uses it: a send loaded once, each variant rendered and composed as
 * MIME the first time a recipient needs it, and each recipient's message filled in from that
 * composition (edition-mime.ts). Entitlement is
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
      const composed = new Map<DeliveryVariant, EditionMime>();
      const compositionOf = (variant: DeliveryVariant): EditionMime => {
        let composition = composed.get(variant);
        if (composition === undefined) {
          composition = composeEditionMime(renderEdition(edition, variant));
          composed.set(variant, composition);
        }
        return composition;
      };
      return {
        newsletterId: newsletter.id,
        audience: newsletter.audience,
        requiredTiers: [...new Set(edition.articles.flatMap((article) => (article.requiredTier === null ? [] : [article.requiredTier])))],
        messageFor: (variant, recipient) => {
          const composition = compositionOf(variant);
          return { envelopeFrom: composition.fromAddress, raw: composeMessage(composition, recipient) };
        },
      };
    },
    entitled: (accountIds, now) => entitledAccounts(db, accountIds, now),
  };
}
