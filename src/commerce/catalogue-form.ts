import { isSlug, slugify } from '../content/slug.ts';
import type { OfferInput, PlanInput } from './catalogue-repository.ts';
import type { Tier } from './tier.ts';
import { isCurrency } from './money.ts';
import { parseLocalDateTime } from '../settings/local-date-time.ts';
import type { OfferTerms } from './plan.ts';
import { DomainError } from '../errors/domain-error.ts';

export class CatalogueFormError extends DomainError {
  override name = 'CatalogueFormError';
  constructor(message: string) {
    super(message, { kind: 'invalid', field: null });
  }
}

/** "15.00", "15", "9.5" to minor units, exactly: no floating point on the way. */
export function parseAmountMinor(text: string): number | null {
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const whole = (text: string | undefined, min: number, max: number) => {
  const value = text === undefined || text.trim() === '' ? Number.NaN : Number(text.trim());
  return Number.isInteger(value) && value >= min && value <= max ? value : null;
};

const dateOrNull = (text: string | undefined, label: string, timeZone: string): Date | null => {
  if (text === undefined || text.trim() === '') return null;
  const date = parseLocalDateTime(text.trim(), timeZone);
  if (date === null) throw new CatalogueFormError(`${label} must be a date and a time.`);
  return date;
};

export function parsePlanForm(form: Record<string, string | undefined>): PlanInput {
  const name = (form.name ?? '').trim();
  if (name === '') throw new CatalogueFormError('The plan needs a name.');
  const slug = (form.slug ?? '').trim() || slugify(name);
  if (!isSlug(slug)) throw new CatalogueFormError("The plan's name must contain letters or digits.");
  const priceMinor = parseAmountMinor(form.price ?? '');
  if (priceMinor === null || priceMinor === 0) throw new CatalogueFormError('Give the price as an amount such as 15 or 15.00.');
  const currency = (form.currency ?? '').trim().toUpperCase();
  if (!isCurrency(currency)) throw new CatalogueFormError(`"${currency}" is not a currency we take.`);
  const interval = form.interval === 'year' ? 'year' : form.interval === 'month' ? 'month' : null;
  if (!interval) throw new CatalogueFormError('A plan is billed by the month or by the year.');
  const benefits = (form.benefits ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  // Each tier's box is named for it ("tier-premium"); an unticked box is not sent, so the plan gives only the ticked.
  const tiers = Object.keys(form)
    .filter((field) => field.startsWith(tierFieldPrefix) && form[field] === 'on')
    .map((field) => field.slice(tierFieldPrefix.length));
  return { slug, name, benefits, priceMinor, currency, interval, isActive: form.isActive === 'on' || form.isActive === 'true', tiers };
}

const tierFieldPrefix = 'tier-';

/** A tier from its form: a name ("Premium"), and a line saying what it opens. */
export function parseTierForm(form: Record<string, string | undefined>): Omit<Tier, 'id'> {
  const name = (form.name ?? '').trim();
  if (name === '') throw new CatalogueFormError('The tier needs a name, such as "Premium".');
  if (name.length > 60) throw new CatalogueFormError("A tier's name is at most 60 characters.");
  const slug = (form.slug ?? '').trim() || slugify(name);
  if (!isSlug(slug)) throw new CatalogueFormError("The tier's name must contain letters or digits.");
  const description = (form.description ?? '').trim();
  if (description.length > 300) throw new CatalogueFormError("A tier's description is at most 300 characters.");
  return { slug, name, description };
}

/** An offer from its form; start and end are read on the publication's clock. */
export function parseOfferForm(form: Record<string, string | undefined>, timeZone: string): OfferInput {
  const headline = (form.headline ?? '').trim();
  if (headline === '') throw new CatalogueFormError('The offer needs a headline, such as "Try 3 months for $9".');
  const slug = (form.slug ?? '').trim() || slugify(headline);
  if (!isSlug(slug)) throw new CatalogueFormError("The offer's headline must contain letters or digits.");
  const planSlug = (form.planSlug ?? '').trim();
  if (!isSlug(planSlug)) throw new CatalogueFormError('Choose the plan the offer is for.');
  let terms: OfferTerms;
  switch (form.termsKind) {
    case 'introductory-price': {
      const priceMinor = parseAmountMinor(form.introPrice ?? '');
      const periods = whole(form.introPeriods, 1, 36);
      if (priceMinor === null || periods === null)
        throw new CatalogueFormError('An introductory price needs an amount per period and a number of periods from 1 to 36.');
      terms = { kind: 'introductory-price', priceMinor, periods };
      break;
    }
    case 'free-trial': {
      const days = whole(form.trialDays, 1, 365);
      if (days === null) throw new CatalogueFormError('A free trial lasts from 1 to 365 days.');
      terms = { kind: 'free-trial', days };
      break;
    }
    case 'standard':
      terms = { kind: 'standard' };
      break;
    default:
      throw new CatalogueFormError("Choose what the offer gives: an introductory price, a free trial, or the plan's own price.");
  }
  const startsAt = dateOrNull(form.startsAt, 'The start', timeZone);
  const endsAt = dateOrNull(form.endsAt, 'The end', timeZone);
  if (startsAt && endsAt && endsAt <= startsAt) throw new CatalogueFormError('The offer must end after it starts.');
  const cap = form.redemptionCap === undefined || form.redemptionCap.trim() === '' ? null : whole(form.redemptionCap, 1, 10_000_000);
  if (form.redemptionCap !== undefined && form.redemptionCap.trim() !== '' && cap === null)
    throw new CatalogueFormError('The cap is a whole number of redemptions, or empty for none.');
  return {
    slug,
    planSlug,
    headline,
    copy: (form.copy ?? '').trim(),
    terms,
    startsAt,
    endsAt,
    redemptionCap: cap,
    isRetired: form.isRetired === 'on' || form.isRetired === 'true',
  };
}
