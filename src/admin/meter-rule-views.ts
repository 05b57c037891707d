import type { AccessSettings } from '../access/access-settings.ts';
import type { MeterRuleFields } from '../access/meter-rule-draft.ts';
import {
  limitAfter,
  ruleReaderKinds,
  shadowingRuleOf,
  type MeterRule,
  type MeterRuleCondition,
  type MeterRuleEffect,
  type MeterRuleState,
  type RuleReaderKind,
} from '../access/meter-rules.ts';
import type { Section } from '../content/article.ts';
import { visitSources, type VisitSource } from '../insights/visit-source.ts';
import type { StoredMeterRule } from '../settings/meter-rule-repository.ts';

/** Where readers arrive from, as the newsroom says it. */
export const sourceLabels: Readonly<Record<VisitSource, string>> = {
  search: 'a search engine',
  social: 'a social network',
  newsletter: 'a newsletter',
  campaign: 'a campaign link',
  internal: 'another page of the site',
  referral: 'another site',
  direct: 'nowhere named (typed, bookmarked or shared privately)',
};

export const readerKindLabels: Readonly<Record<RuleReaderKind, string>> = {
  anonymous: 'Anonymous readers',
  registered: 'Signed-in readers',
  lapsed: 'Signed-in readers whose trial or subscription ended',
};

const stateLabels: Readonly<Record<MeterRuleState, string>> = { active: 'In force', paused: 'Paused', retired: 'Retired' };

type Option = { value: string; label: string; isSelected: boolean };

export type MeterRuleRowView = {
  id: number;
  name: string;
  conditions: string;
  effect: string;
  state: MeterRuleState;
  stateLabel: string;
  /** "Never applies: “…” above takes every read it would", for a rule in force behind a broader one. */
  warning: string | null;
  editUrl: string;
  stateUrl: string;
  moveUrl: string;
  canMoveEarlier: boolean;
  canMoveLater: boolean;
};

export type MeterRuleFormView = {
  actionUrl: string;
  fields: Required<MeterRuleFields>;
  sources: Option[];
  readers: Option[];
  sections: Option[];
  effects: Option[];
};

export type MeterRulesPageView = {
  error: string | null;
  message: string | null;
  limitsLabel: string;
  rules: MeterRuleRowView[];
  retired: MeterRuleRowView[];
  form: MeterRuleFormView;
};

export type MeterRulePageView = { error: string | null; name: string; state: MeterRuleState; listUrl: string; form: MeterRuleFormView };

export const meterRulesPath = '/admin/meter-rules';

const articles = (count: number) => `${count} ${count === 1 ? 'article' : 'articles'}`;

/** "Readers from a newsletter · campaign “spring” · in World": the conditions as the list says them. */
export function describeConditions(condition: MeterRuleCondition, sections: readonly Section[]): string {
  const section = sections.find((each) => each.id === condition.sectionId);
  return [
    condition.reader === null ? 'Readers' : readerKindLabels[condition.reader],
    ...(condition.source === null ? [] : [`arriving from ${sourceLabels[condition.source]}`]),
    ...(condition.campaign === null ? [] : [`from the campaign “${condition.campaign}”`]),
    ...(condition.sectionId === null ? [] : [`reading in ${section?.name ?? `section ${condition.sectionId}`}`]),
  ].join(', ');
}

/** "2 more free articles (5 for anonymous readers, 12 signed in)": what the effect makes of today's settings. */
export function describeEffect(effect: MeterRuleEffect, condition: MeterRuleCondition, { meterLimits }: Pick<AccessSettings, 'meterLimits'>): string {
  const what =
    effect.kind === 'set' ? `${articles(effect.articles)} a month` : `${articles(effect.articles)} ${effect.kind === 'more' ? 'more' : 'fewer'} than the meter`;
  if (effect.kind === 'set') return what;
  const kinds =
    condition.reader === null
      ? (['anonymous', 'registered'] as const)
      : condition.reader === 'anonymous'
        ? (['anonymous'] as const)
        : (['registered'] as const);
  const limits = kinds.map((kind) => `${limitAfter(effect, meterLimits[kind])} ${kind === 'anonymous' ? 'anonymous' : 'signed in'}`);
  return `${what} (${limits.join(', ')})`;
}

/** What an audit line says of a rule. */
export function describeForAudit(
  rule: Pick<MeterRule, 'condition' | 'effect'>,
  sections: readonly Section[],
  settings: Pick<AccessSettings, 'meterLimits'>,
): string {
  return `${describeConditions(rule.condition, sections)}: ${describeEffect(rule.effect, rule.condition, settings)}`;
}

export function fieldsOf(rule: Pick<MeterRule, 'name' | 'condition' | 'effect'>): Required<MeterRuleFields> {
  return {
    name: rule.name,
    source: rule.condition.source ?? '',
    reader: rule.condition.reader ?? '',
    campaign: rule.condition.campaign ?? '',
    section: rule.condition.sectionId === null ? '' : String(rule.condition.sectionId),
    effect: rule.effect.kind,
    articles: String(rule.effect.articles),
  };
}

/** A new rule's form starts as the commonest rule, a newsletter's links worth more, waiting for its name. */
export const blankFields: Required<MeterRuleFields> = { name: '', source: 'newsletter', reader: '', campaign: '', section: '', effect: 'more', articles: '2' };

export function toRuleForm(actionUrl: string, fields: Required<MeterRuleFields>, sections: readonly Section[]): MeterRuleFormView {
  const option = (value: string, label: string, chosen: string): Option => ({ value, label, isSelected: value === chosen });
  return {
    actionUrl,
    fields,
    sources: [option('', 'Anywhere', fields.source), ...visitSources.map((source) => option(source, `From ${sourceLabels[source]}`, fields.source))],
    readers: [
      option('', 'Every reader the meter counts', fields.reader),
      ...ruleReaderKinds.map((kind) => option(kind, readerKindLabels[kind], fields.reader)),
    ],
    sections: [option('', 'Every section', fields.section), ...sections.map((section) => option(String(section.id), section.name, fields.section))],
    effects: [
      option('more', 'more free articles than the meter', fields.effect),
      option('fewer', 'fewer free articles than the meter', fields.effect),
      option('set', 'free articles a month, whatever the meter', fields.effect),
    ],
  };
}

/** The rules as the list shows them, those in force and paused in the order they are tried, with a warning on each that never applies. */
export function toRuleRows(rules: readonly StoredMeterRule[], sections: readonly Section[], settings: Pick<AccessSettings, 'meterLimits'>): MeterRuleRowView[] {
  const ordered = rules.filter((rule) => rule.state !== 'retired');
  const inForce = ordered.filter((rule) => rule.state === 'active');
  return rules.map((rule) => {
    const place = ordered.indexOf(rule);
    const shadow = rule.state === 'active' ? shadowingRuleOf(inForce, inForce.indexOf(rule)) : null;
    return {
      id: rule.id,
      name: rule.name,
      conditions: describeConditions(rule.condition, sections),
      effect: describeEffect(rule.effect, rule.condition, settings),
      state: rule.state,
      stateLabel: stateLabels[rule.state],
      warning: shadow === null ? null : `Never applies: “${shadow.name}”, tried first, takes every read this rule would.`,
      editUrl: `${meterRulesPath}/${rule.id}`,
      stateUrl: `${meterRulesPath}/${rule.id}/state`,
      moveUrl: `${meterRulesPath}/${rule.id}/move`,
      canMoveEarlier: place > 0,
      canMoveLater: place !== -1 && place < ordered.length - 1,
    };
  });
}
