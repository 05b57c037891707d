import { maximumMeterLimit } from '../access/access-settings.ts';
import { findMessageError } from '../access/messages.ts';
import { paywallOfferCount } from '../commerce/offer-rules.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { Experiment, ExperimentKind, PrimaryMetric, Variant, VariantChange } from './experiment.ts';
import { plannedReadersPerVariant } from './sample-size.ts';

/** An experiment as the editor describes it, checked and with its sample planned, before it starts. */
export type ExperimentDraft = Pick<Experiment, 'name' | 'kind' | 'variants' | 'metric' | 'plan'>;

export class InvalidExperimentError extends DomainError {
  override name = 'InvalidExperimentError';
  constructor(message: string, field: string) {
    super(message, { kind: 'invalid', field });
  }
}

/** The variants a form offers, in order: the first is the control. */
export const variantKeys = ['a', 'b', 'c', 'd'] as const;

const kinds: readonly ExperimentKind[] = ['meter-limit', 'paywall-offers', 'paywall-wording', 'registration-wall'];
const metrics: readonly PrimaryMetric[] = ['paid', 'registered'];

type Form = Readonly<Record<string, string | undefined>>;

function wholeNumber(text: string | undefined, { field, min, max, what }: { field: string; min: number; max: number; what: string }): number {
  const value = text?.trim() ?? '';
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) throw new InvalidExperimentError(`${what} must be a whole number from ${min} to ${max}`, field);
  return number;
}

/** A percentage with at most two decimals, strictly between 0 and 100. */
function percentage(text: string | undefined, { field, what }: { field: string; what: string }): number {
  const value = text?.trim() ?? '';
  const number = /^\d{1,2}(\.\d{1,2})?$/.test(value) ? Number(value) : Number.NaN;
  if (!(number > 0 && number < 100)) throw new InvalidExperimentError(`${what} must be a percentage above 0 and below 100, such as 4.5`, field);
  return number;
}

function changeOf(kind: ExperimentKind, form: Form, key: string, { offerIds, locale }: { offerIds: ReadonlySet<number>; locale: string }): VariantChange {
  const field = (name: string) => `variant.${key}.${name}`;
  const label = `Variant ${key.toUpperCase()}`;
  switch (kind) {
    case 'meter-limit': {
      const reader = form.reader === 'registered' ? 'registered' : 'anonymous';
      const limit = wholeNumber(form[field('limit')], { field: field('limit'), min: 0, max: maximumMeterLimit, what: `${label}'s meter limit` });
      return { kind, reader, limit };
    }
    case 'registration-wall': {
      const after = form[field('after')]?.trim() ?? '';
      if (after === '') return { kind, after: null };
      return { kind, after: wholeNumber(after, { field: field('after'), min: 0, max: maximumMeterLimit, what: `${label}'s registration wall` }) };
    }
    case 'paywall-offers': {
      const chosen = [...offerIds].filter((id) => form[field(`offer.${id}`)] === 'on');
      if (chosen.length === 0 || chosen.length > paywallOfferCount) {
        throw new InvalidExperimentError(`${label} must show from 1 to ${paywallOfferCount} of the live offers`, field('offers'));
      }
      return { kind, offerIds: chosen };
    }
    case 'paywall-wording': {
      const title = form[field('title')]?.trim() ?? '';
      const body = form[field('body')]?.trim() ?? '';
      if (title === '' || body === '') throw new InvalidExperimentError(`${label} needs both a title and a body`, field(title === '' ? 'title' : 'body'));
      const titleProblem = findMessageError('meterExhaustedAnonymousTitle', title, locale);
      if (titleProblem) throw new InvalidExperimentError(`${label}'s title ${titleProblem}`, field('title'));
      const bodyProblem = findMessageError('meterExhaustedAnonymousBody', body, locale);
      if (bodyProblem) throw new InvalidExperimentError(`${label}'s body ${bodyProblem}`, field('body'));
      return { kind, title, body };
    }
  }
}

/**
 * An experiment from the newsroom's form: its name and kind, its variants (those given a name; at
 * least two, with shares that make 100 and changes that differ), its primary metric, and the sample
 * planned from the base rate and the smallest effect worth finding. The first wrong field is named.
 */
export function parseExperimentDraft(form: Form, context: { offerIds: ReadonlySet<number>; locale: string }): ExperimentDraft {
  const name = form.name?.trim() ?? '';
  if (name === '' || name.length > 120) throw new InvalidExperimentError('An experiment needs a name of at most 120 characters', 'name');
  const kind = kinds.find((candidate) => candidate === form.kind);
  if (!kind) throw new InvalidExperimentError('Choose what the experiment changes', 'kind');
  const metric = metrics.find((candidate) => candidate === form.metric);
  if (!metric) throw new InvalidExperimentError('Choose the primary metric: conversion to paid or to registered', 'metric');

  const variants: Variant[] = variantKeys.flatMap((key) => {
    const variantName = form[`variant.${key}.name`]?.trim() ?? '';
    if (variantName === '') return [];
    if (variantName.length > 60) throw new InvalidExperimentError(`Variant ${key.toUpperCase()}'s name must be at most 60 characters`, `variant.${key}.name`);
    const share = wholeNumber(form[`variant.${key}.share`], { field: `variant.${key}.share`, min: 1, max: 99, what: `Variant ${key.toUpperCase()}'s share` });
    return [{ key, name: variantName, share, change: changeOf(kind, form, key, context) }];
  });
  if (variants.length < 2 || variants[0]?.key !== 'a') {
    throw new InvalidExperimentError('An experiment needs variant A, the control, and at least one other, each with a name', 'variant.a.name');
  }
  if (variants.reduce((sum, { share }) => sum + share, 0) !== 100)
    throw new InvalidExperimentError("The variants' shares must add up to 100", 'variant.a.share');
  const changes = new Set(variants.map(({ change }) => JSON.stringify(change)));
  if (changes.size !== variants.length) throw new InvalidExperimentError('Each variant must change something the others do not', 'variant.b.name');

  const baseRatePercent = percentage(form.baseRate, { field: 'baseRate', what: 'The base rate' });
  const minimumEffectPercent = percentage(form.minimumEffect, { field: 'minimumEffect', what: 'The smallest effect worth finding' });
  if (baseRatePercent + minimumEffectPercent >= 100) {
    throw new InvalidExperimentError('The base rate plus the smallest effect must stay below 100 %', 'minimumEffect');
  }
  const readersPerVariant = plannedReadersPerVariant({ baseRate: baseRatePercent / 100, minimumEffect: minimumEffectPercent / 100 });
  return { name, kind, variants, metric, plan: { baseRatePercent, minimumEffectPercent, readersPerVariant } };
}
