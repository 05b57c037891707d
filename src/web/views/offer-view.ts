import { formatOfferEnd, formatOfferTerms } from '../../commerce/offer-wording.ts';
import type { Offer, Plan } from '../../commerce/plan.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { accountPaths } from '../account-paths.ts';
import type { OfferView } from './view-models.ts';

export const checkoutPath = '/checkout';

export function toOfferView(offer: Offer, plan: Plan, settings: Pick<PublicationSettings, 'locale' | 'timeZone'>): OfferView {
  return {
    slug: offer.slug,
    headline: offer.headline,
    copy: offer.copy,
    planName: plan.name,
    terms: formatOfferTerms(offer, plan, settings.locale),
    endsLabel: offer.endsAt === null ? '' : formatOfferEnd(offer.endsAt, settings),
    benefits: plan.benefits,
    checkoutUrl: checkoutPath,
    registerUrl: `${accountPaths.register}?next=${encodeURIComponent(accountPaths.offers)}`,
  };
}
