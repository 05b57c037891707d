import type { AccessLevel } from '../content/access-level.ts';
import type { RequiredTier } from '../content/article.ts';
import type { Visit } from '../insights/visit-source.ts';
import type { AccessSettings } from './access-settings.ts';
import type { PaywallSettings } from './paywall-settings.ts';
import { hasRead, meterForPeriod, meterPeriodOf, withRead, type Meter } from './meter.ts';
import { meterAllowanceFor, type AppliedMeterRule, type MeterRule } from './meter-rules.ts';
import { isEntitled, readsWhole, type Reader } from './reader.ts';

/** A line above a readable article about the reader's meter. */
export type Notice = { kind: 'meter-remaining'; remaining: number } | { kind: 'meter-last' };

/** Why an article stops after its preview, which decides what the paywall says. */
export type Wall =
  /** `limit`: the free articles this read was allowed, by the setting or the rule that applied. */
  | { kind: 'meter-exhausted'; reader: 'anonymous' | 'registered'; limit: number }
  | { kind: 'registration-required' }
  | { kind: 'subscription-required' }
  /** The article requires a tier and the reader has no subscription giving it. */
  | { kind: 'tier-required'; tier: RequiredTier }
  /** The reader subscribes, but their plan does not give the tier the article requires. */
  | { kind: 'upgrade-required'; tier: RequiredTier }
  | { kind: 'trial-expired' }
  | { kind: 'subscription-expired' }
  /** The reader held a seat in an organisation whose contract has ended: the paywall names it. */
  | { kind: 'organisation-ended'; organisationName: string; endedAt: Date };

/**
 * How the meter judged a read: `rule` is the meter rule that set the limit (null: the setting for
 * the reader's kind did, or the meter played no part), `meterLimit` the limit the read was decided
 * on (null when the meter played no part: entitled readers, free, registered and premium articles).
 */
type MeterJudgement = { rule: AppliedMeterRule | null; meterLimit: number | null };

export type AccessDecision =
  | ({
      access: 'full';
      /** The meter after this read; unchanged unless `countsRead`. */
      meter: Meter | null;
      /** This read is new this period and must be recorded against the meter. */
      countsRead: boolean;
      notice: Notice | null;
    } & MeterJudgement)
  | ({ access: 'preview'; meter: Meter | null; wall: Wall } & MeterJudgement);

export type AccessQuestion = {
  /** `requiredTier`: the tier the article requires if it is subscribers-only, its own or its section's; null: any subscription. */
  article: { id: number; access: AccessLevel; sectionId: number; requiredTier: RequiredTier | null };
  reader: Reader;
  /** The reader's meter as stored (cookie or database); null when they have none yet. */
  meter: Meter | null;
  /** `registrationWallAfter`, when given and set, asks an anonymous reader to register once they have read that many. */
  settings: Pick<AccessSettings, 'meterLimits'> & Partial<Pick<PaywallSettings, 'registrationWallAfter'>>;
  /** The meter rules in force, in the editor's order: the first that holds sets the limit. */
  meterRules: readonly MeterRule[];
  /** Where the request came from, which meter rules may turn on. */
  visit: Visit;
  timeZone: string;
  now: Date;
};

const unmetered: MeterJudgement = { rule: null, meterLimit: null };

function lapsedWall(reader: Reader): Wall | null {
  if (reader.kind !== 'registered' || reader.lapsed === null) return null;
  if (reader.lapsed === 'trial') return { kind: 'trial-expired' };
  if (reader.lapsed === 'subscription') return { kind: 'subscription-expired' };
  return { kind: 'organisation-ended', organisationName: reader.lapsed.organisationName, endedAt: reader.lapsed.endedAt };
}

/** Why a subscribers-only article stops a reader who may not read it whole. */
function subscribersOnlyWall(reader: Reader, requiredTier: RequiredTier | null): Wall {
  if (requiredTier === null) return lapsedWall(reader) ?? { kind: 'subscription-required' };
  if (reader.kind === 'subscriber') return { kind: 'upgrade-required', tier: requiredTier };
  return lapsedWall(reader) ?? { kind: 'tier-required', tier: requiredTier };
}

function readInFull(meter: Meter | null): AccessDecision {
  return { access: 'full', meter, countsRead: false, notice: null, ...unmetered };
}

/**
 * Decides one read. Pure: the caller supplies the reader, their meter, the visit and the clock, and
 * records the read if `countsRead` says so. Entitlement always wins, but for a subscribers-only
 * article requiring a tier the subscriber's plan does not give; free articles never count; a
 * metered article already read this period is free to read again. A metered read is judged on the
 * limit of the first meter rule that holds for it, else on the setting for the reader's kind, and
 * the notice counts with that limit.
 */
export function decideAccess({ article, reader, meter, settings, meterRules, visit, timeZone, now }: AccessQuestion): AccessDecision {
  if (article.access === 'free') return readInFull(meter);

  if (article.access === 'premium') {
    if (readsWhole(reader, article.requiredTier?.slug ?? null)) return readInFull(meter);
    return { access: 'preview', meter, wall: subscribersOnlyWall(reader, article.requiredTier), ...unmetered };
  }

  if (isEntitled(reader)) return readInFull(meter);

  if (article.access === 'registered') {
    return reader.kind === 'anonymous' ? { access: 'preview', meter, wall: { kind: 'registration-required' }, ...unmetered } : readInFull(meter);
  }

  const current = meterForPeriod(meter, meterPeriodOf(now, timeZone));
  const allowance = meterAllowanceFor(meterRules, { reader, visit, sectionId: article.sectionId }, settings.meterLimits[reader.kind]);
  const registrationWall = reader.kind === 'anonymous' ? (settings.registrationWallAfter ?? null) : null;
  // A registration wall standing at or before the end of the anonymous meter (as the rules leave it) is where an anonymous reader stops.
  const isRegistrationWall = registrationWall !== null && registrationWall <= allowance.limit;
  const limit = isRegistrationWall ? registrationWall : allowance.limit;
  const judgement: MeterJudgement = { rule: allowance.rule, meterLimit: limit };
  const used = current.articleIds.length;

  if (hasRead(current, article.id)) {
    const remaining = Math.max(0, limit - used);
    return { access: 'full', meter: current, countsRead: false, notice: remaining > 0 ? { kind: 'meter-remaining', remaining } : null, ...judgement };
  }
  if (used >= limit) {
    const wall: Wall = isRegistrationWall ? { kind: 'registration-required' } : { kind: 'meter-exhausted', reader: reader.kind, limit };
    return { access: 'preview', meter: current, wall: lapsedWall(reader) ?? wall, ...judgement };
  }
  const remaining = limit - used - 1;
  return {
    access: 'full',
    meter: withRead(current, article.id),
    countsRead: true,
    notice: remaining === 0 ? { kind: 'meter-last' } : { kind: 'meter-remaining', remaining },
    ...judgement,
  };
}
