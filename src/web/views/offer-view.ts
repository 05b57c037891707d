import { formatOfferEnd, formatOfferTerms } from '../../commerce/offer-wording.ts';
import type { Offer, Plan } from '../../commerce/plan.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { accountPaths, withNext } from '../account-paths.ts';
import { checkoutFormPath, checkoutStartPath } from '../checkout-paths.ts';
import type { OfferView } from './view-models.ts';

/**
 * One offer as a card shows it. `returnPath` is the page the card is on, when a reader who pays
 * should come back to it (an article); registering first leads on to checkout for this same offer.
 */
export function toOfferView(offer: Offer, plan: Plan, settings: Pick<PublicationSettings, 'locale' | 'timeZone'>, returnPath: string | null = null): OfferView {
  return {
    slug: offer.slug,
    headline: offer.headline,
    copy: offer.copy,
    planName: plan.name,
    terms: formatOfferTerms(offer, plan, settings.locale),
    endsLabel: offer.endsAt === null ? '' : formatOfferEnd(offer.endsAt, settings),
    benefits: plan.benefits,
    checkoutUrl: checkoutFormPath(returnPath),
    registerUrl: withNext(accountPaths.register, checkoutStartPath(offer.slug, returnPath)),
  };
}
