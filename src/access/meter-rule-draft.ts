import { DomainError } from '../errors/domain-error.ts';
import { visitSources, type VisitSource } from '../insights/visit-source.ts';
import { maximumMeterLimit } from './access-settings.ts';
import { ruleReaderKinds, type MeterRuleCondition, type MeterRuleEffect, type RuleReaderKind } from './meter-rules.ts';

/** A rule as an editor writes it, before it is stored and given its place in the order. */
export type MeterRuleDraft = { name: string; condition: MeterRuleCondition; effect: MeterRuleEffect };

/** The rule's form as sent: every field a string, a blank one meaning "any". */
export type MeterRuleFields = {
  name?: string;
  source?: string;
  reader?: string;
  campaign?: string;
  section?: string;
  effect?: string;
  articles?: string;
};

export const longestRuleName = 80;
export const longestRuleCampaign = 100;

export class InvalidMeterRuleError extends DomainError {
  override name = 'InvalidMeterRuleError';
  constructor(message: string, field: keyof MeterRuleFields | null) {
    super(message, { kind: 'invalid', field });
  }
}

function oneOf<Choice extends string>(choices: readonly Choice[], value: string): Choice | undefined {
  return choices.find((choice) => choice === value);
}

function parseChoice<Choice extends string>(choices: readonly Choice[], value: string | undefined, field: keyof MeterRuleFields, what: string): Choice | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  const choice = oneOf(choices, text);
  if (choice === undefined) throw new InvalidMeterRuleError(`Choose ${what} from the list.`, field);
  return choice;
}

function parseSection(value: string | undefined, sectionIds: readonly number[]): number | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  const id = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!sectionIds.includes(id)) throw new InvalidMeterRuleError('Choose the section from the list.', 'section');
  return id;
}

function parseEffect(kind: string | undefined, articles: string | undefined): MeterRuleEffect {
  const effect = oneOf(['more', 'fewer', 'set'] as const, (kind ?? '').trim());
  if (effect === undefined) throw new InvalidMeterRuleError('Choose what the rule does: more articles, fewer, or a number of its own.', 'effect');
  const text = (articles ?? '').trim();
  const count = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  const least = effect === 'set' ? 0 : 1;
  if (!(count >= least && count <= maximumMeterLimit)) {
    throw new InvalidMeterRuleError(`The number of articles must be a whole number from ${least} to ${maximumMeterLimit}.`, 'articles');
  }
  return { kind: effect, articles: count };
}

/**
 * The rule an editor's form describes, or the first thing wrong with it. A rule needs a name and at
 * least one condition: one for every read would be the meter's own limit, which Settings sets.
 */
export function parseMeterRuleDraft(fields: MeterRuleFields, { sectionIds }: { sectionIds: readonly number[] }): MeterRuleDraft {
  const name = (fields.name ?? '').trim().replace(/\s+/g, ' ');
  if (name === '') throw new InvalidMeterRuleError('Give the rule a name the newsroom will recognise, such as “Newsletter readers get 2 more”.', 'name');
  if (name.length > longestRuleName) throw new InvalidMeterRuleError(`Keep the rule's name to ${longestRuleName} characters.`, 'name');
  const source: VisitSource | null = parseChoice(visitSources, fields.source, 'source', 'where readers arrive from');
  const reader: RuleReaderKind | null = parseChoice(ruleReaderKinds, fields.reader, 'reader', 'which readers');
  const campaignText = (fields.campaign ?? '').trim();
  if (campaignText.length > longestRuleCampaign) throw new InvalidMeterRuleError(`Keep the campaign to ${longestRuleCampaign} characters.`, 'campaign');
  const campaign = campaignText === '' ? null : campaignText;
  const sectionId = parseSection(fields.section, sectionIds);
  const effect = parseEffect(fields.effect, fields.articles);
  if (source === null && reader === null && campaign === null && sectionId === null) {
    throw new InvalidMeterRuleError('Give the rule at least one condition. A limit for every reader is set in Settings.', 'source');
  }
  return { name, condition: { source, reader, campaign, sectionId }, effect };
}
