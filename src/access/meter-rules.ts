import type { Visit, VisitSource } from '../insights/visit-source.ts';
import { maximumMeterLimit } from './access-settings.ts';
import type { Reader } from './reader.ts';

/**
 * Meter rules: an editor's exceptions to the meter limit, written as data ("readers arriving from a
 * newsletter get 2 more", "readers from search get 5"). Each read is judged on the visit it is
 * part of: the first rule in force whose every condition holds sets the limit for that read, and no
 * rule holding leaves the setting for the reader's kind.
 */

/** Which metered readers a rule is for: `registered` includes the lapsed, `lapsed` only them. */
export const ruleReaderKinds = ['anonymous', 'registered', 'lapsed'] as const;
export type RuleReaderKind = (typeof ruleReaderKinds)[number];

/** What a read must be for the rule to hold; null is "any". */
export type MeterRuleCondition = {
  source: VisitSource | null;
  reader: RuleReaderKind | null;
  /** A campaign as its `utm_campaign` (or `utm_source`) names it, matched without regard to case. */
  campaign: string | null;
  sectionId: number | null;
};

/** What the rule does to the limit: so many more, so many fewer, or a number of its own. */
export type MeterRuleEffect = { kind: 'more'; articles: number } | { kind: 'fewer'; articles: number } | { kind: 'set'; articles: number };

/** Where a rule stands: in force, paused by an editor (kept in its place), or retired for good (kept for the reads that name it). */
export const meterRuleStates = ['active', 'paused', 'retired'] as const;
export type MeterRuleState = (typeof meterRuleStates)[number];

/** Whether an editor may take a rule from one state to another: pause and resume at will, retire once, never bring back. */
export function canChangeRuleState(from: MeterRuleState, to: MeterRuleState): boolean {
  return from !== 'retired' && from !== to;
}

/** A rule in force, as the decision reads it. */
export type MeterRule = { id: number; name: string; condition: MeterRuleCondition; effect: MeterRuleEffect };

/** The rule a decision was made under, as the decision carries it. */
export type AppliedMeterRule = { id: number; name: string };

/** The limit a metered read is decided on, and the rule that set it (null: the setting did). */
export type MeterAllowance = { limit: number; rule: AppliedMeterRule | null };

/** The readers the meter counts. */
export type MeteredReader = Extract<Reader, { kind: 'anonymous' | 'registered' }>;

/** What a rule is judged on: who reads, where from, and which section the article is in. */
export type MeteredRead = { reader: MeteredReader; visit: Visit; sectionId: number };

function readerKindHolds(kind: RuleReaderKind, reader: MeteredReader): boolean {
  if (kind === 'anonymous') return reader.kind === 'anonymous';
  if (kind === 'registered') return reader.kind === 'registered';
  return reader.kind === 'registered' && reader.lapsed !== null;
}

/** Whether every condition of the rule holds for the read. */
export function ruleHolds(condition: MeterRuleCondition, { reader, visit, sectionId }: MeteredRead): boolean {
  return (
    (condition.source === null || condition.source === visit.source) &&
    (condition.reader === null || readerKindHolds(condition.reader, reader)) &&
    (condition.campaign === null || (visit.campaign !== null && visit.campaign.toLowerCase() === condition.campaign.toLowerCase())) &&
    (condition.sectionId === null || condition.sectionId === sectionId)
  );
}

/** The limit an effect makes of the setting's, within what a meter can count (0 to maximumMeterLimit). */
export function limitAfter(effect: MeterRuleEffect, baseLimit: number): number {
  const limit = effect.kind === 'more' ? baseLimit + effect.articles : effect.kind === 'fewer' ? baseLimit - effect.articles : effect.articles;
  return Math.min(maximumMeterLimit, Math.max(0, limit));
}

/** The limit for one read: the first rule (in the editor's order) that holds, or the setting for the reader's kind. */
export function meterAllowanceFor(rules: readonly MeterRule[], read: MeteredRead, baseLimit: number): MeterAllowance {
  const applied = rules.find((rule) => ruleHolds(rule.condition, read));
  if (applied === undefined) return { limit: baseLimit, rule: null };
  return { limit: limitAfter(applied.effect, baseLimit), rule: { id: applied.id, name: applied.name } };
}

/** Whether every read `later` holds for, `earlier` holds for too: then `later` never applies behind it. */
function conditionCovers(earlier: MeterRuleCondition, later: MeterRuleCondition): boolean {
  const readerCovers = earlier.reader === null || earlier.reader === later.reader || (earlier.reader === 'registered' && later.reader === 'lapsed');
  const campaignCovers = earlier.campaign === null || (later.campaign !== null && earlier.campaign.toLowerCase() === later.campaign.toLowerCase());
  return (
    (earlier.source === null || earlier.source === later.source) &&
    readerCovers &&
    campaignCovers &&
    (earlier.sectionId === null || earlier.sectionId === later.sectionId)
  );
}

/** The rule in force ahead of `rules[index]` that takes every read it would hold for, if any: the editor is told it never applies. */
export function shadowingRuleOf(rules: readonly MeterRule[], index: number): MeterRule | null {
  const rule = rules[index];
  if (rule === undefined) return null;
  return rules.slice(0, index).find((earlier) => conditionCovers(earlier.condition, rule.condition)) ?? null;
}
