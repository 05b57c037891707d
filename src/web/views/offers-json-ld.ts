import { firstChargeMinor } from '../../commerce/offer-rules.ts';
import type { Offer, Plan } from '../../commerce/plan.ts';
import { serializeJsonLd } from './json-ld.ts';

/** UN/CEFACT common codes, which schema.org's unitCode takes. */
const unitCodes = { day: 'DAY', month: 'MON', year: 'ANN' } as const;

const decimal = (amountMinor: number) => (amountMinor / 100).toFixed(2);

/** What the offer charges and for how long: the first price, then the plan's own. */
function priceSpecificationOf(offer: Offer, plan: Plan) {
  const regular = {
    '@type': 'UnitPriceSpecification',
    price: decimal(plan.priceMinor),
    priceCurrency: plan.currency,
    referenceQuantity: { '@type': 'QuantitativeValue', value: 1, unitCode: unitCodes[plan.interval] },
  };
  switch (offer.terms.kind) {
    case 'standard':
      return [regular];
    case 'introductory-price':
      return [
        { ...regular, price: decimal(offer.terms.priceMinor), billingDuration: offer.terms.periods, unitCode: unitCodes[plan.interval] },
        { ...regular, billingStart: offer.terms.periods, unitCode: unitCodes[plan.interval] },
      ];
    case 'free-trial':
      return [
        { '@type': 'UnitPriceSpecification', price: decimal(0), priceCurrency: plan.currency, billingDuration: offer.terms.days, unitCode: unitCodes.day },
        { ...regular, billingStart: offer.terms.days, unitCode: unitCodes.day },
      ];
  }
}

/**
 * The offers page's schema.org markup: an OfferCatalog of the offers a reader can take, each with
 * its first price, currency, availability, dates, the plan it sells and how it is billed.
 */
export function offersJsonLd({
  offers,
  publication,
  pageUrl,
}: {
  offers: readonly { offer: Offer; plan: Plan }[];
  publication: string;
  pageUrl: string;
}): string {
  return serializeJsonLd({
    '@context': 'https://schema.org',
    '@type': 'OfferCatalog',
    name: `Subscribe to ${publication}`,
    url: pageUrl,
    itemListElement: offers.map(({ offer, plan }) => ({
      '@type': 'Offer',
      name: offer.headline,
      ...(offer.copy === '' ? {} : { description: offer.copy }),
      url: `${pageUrl}#offer-${offer.slug}`,
      price: decimal(firstChargeMinor(offer, plan)),
      priceCurrency: plan.currency,
      availability: offer.redemptionCap === null ? 'https://schema.org/InStock' : 'https://schema.org/LimitedAvailability',
      ...(offer.startsAt === null ? {} : { validFrom: offer.startsAt.toISOString() }),
      ...(offer.endsAt === null ? {} : { validThrough: offer.endsAt.toISOString() }),
      priceSpecification: priceSpecificationOf(offer, plan),
      itemOffered: {
        '@type': 'Service',
        name: plan.name,
        ...(plan.benefits.length === 0 ? {} : { description: plan.benefits.join('. ') }),
        provider: { '@type': 'NewsMediaOrganization', name: publication },
      },
    })),
  });
}
