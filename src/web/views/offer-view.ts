import { formatAnnualBreakdown, formatOfferEnd, formatOfferTerms } from '../../commerce/offer-wording.ts';
import type { Offer, Plan } from '../../commerce/plan.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { accountPaths, withNext } from '../../http/account-paths.ts';
import { checkoutFormPath, checkoutStartPath } from '../checkout-paths.ts';
import type { OfferView } from './view-models.ts';

/**
 * One offer as readers see it. `returnPath` is the page it is shown on when a reader who pays should
 * come back to it (an article), else null; registering first leads on to checkout for this same
 * offer. `isBest` marks the offer chosen as best (chooseBestOffer).
 */
export function toOfferView({
  offer,
  plan,
  plans,
  settings,
  returnPath,
  isBest,
}: {
  offer: Offer;
  plan: Plan;
  plans: readonly Plan[];
  settings: Pick<PublicationSettings, 'locale' | 'timeZone'>;
  returnPath: string | null;
  isBest: boolean;
}): OfferView {
  return {
    slug: offer.slug,
    headline: offer.headline,
    copy: offer.copy,
    planName: plan.name,
    terms: formatOfferTerms(offer, plan, settings.locale),
    // An introductory price is its own story; the monthly equivalent is of the plan's own price.
    priceBreakdown: offer.terms.kind === 'introductory-price' ? '' : formatAnnualBreakdown(plan, plans, settings.locale),
    endsLabel: offer.endsAt === null ? '' : formatOfferEnd(offer.endsAt, settings),
    benefits: plan.benefits,
    isBest,
    checkoutUrl: checkoutFormPath(returnPath),
    registerUrl: withNext(accountPaths.register, checkoutStartPath(offer.slug, returnPath)),
  };
}
