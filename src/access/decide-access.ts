import type { AccessLevel } from '../content/access-level.ts';
import type { AccessSettings } from './access-settings.ts';
import type { PaywallSettings } from './paywall-settings.ts';
import { hasRead, meterForPeriod, meterPeriodOf, withRead, type Meter } from './meter.ts';
import { isEntitled, type Reader } from './reader.ts';

/** A line above a readable article about the reader's meter. */
export type Notice = { kind: 'meter-remaining'; remaining: number } | { kind: 'meter-last' };

/** Why an article stops after its preview, which decides what the paywall says. */
export type Wall =
  | { kind: 'meter-exhausted'; reader: 'anonymous' | 'registered' }
  | { kind: 'registration-required' }
  | { kind: 'subscription-required' }
  | { kind: 'trial-expired' }
  | { kind: 'subscription-expired' };

export type AccessDecision =
  | {
      access: 'full';
      /** The meter after this read; unchanged unless `countsRead`. */
      meter: Meter | null;
      /** This read is new this period and must be recorded against the meter. */
      countsRead: boolean;
      notice: Notice | null;
    }
  | { access: 'preview'; meter: Meter | null; wall: Wall };

export type AccessQuestion = {
  article: { id: number; access: AccessLevel };
  reader: Reader;
  /** The reader's meter as stored (cookie or database); null when they have none yet. */
  meter: Meter | null;
  /** `registrationWallAfter`, when given and set, asks an anonymous reader to register once they have read that many. */
  settings: Pick<AccessSettings, 'meterLimits'> & Partial<Pick<PaywallSettings, 'registrationWallAfter'>>;
  timeZone: string;
  now: Date;
};

function lapsedWall(reader: Reader): Wall | null {
  if (reader.kind !== 'registered' || reader.lapsed === null) return null;
  return reader.lapsed === 'trial' ? { kind: 'trial-expired' } : { kind: 'subscription-expired' };
}

function readInFull(meter: Meter | null): AccessDecision {
  return { access: 'full', meter, countsRead: false, notice: null };
}

/**
 * Decides one read. Pure: the caller supplies the reader, their meter and the clock, and records
 * the read if `countsRead` says so. Entitlement always wins; free articles never count; a metered
 * article already read this period is free to read again.
 */
export function decideAccess({ article, reader, meter, settings, timeZone, now }: AccessQuestion): AccessDecision {
  if (isEntitled(reader) || article.access === 'free') return readInFull(meter);

  if (article.access === 'premium') {
    return { access: 'preview', meter, wall: lapsedWall(reader) ?? { kind: 'subscription-required' } };
  }

  if (article.access === 'registered') {
    return reader.kind === 'anonymous' ? { access: 'preview', meter, wall: { kind: 'registration-required' } } : readInFull(meter);
  }

  const meterKind = reader.kind === 'anonymous' ? 'anonymous' : 'registered';
  const current = meterForPeriod(meter, meterPeriodOf(now, timeZone));
  const registrationWall = meterKind === 'anonymous' ? (settings.registrationWallAfter ?? null) : null;
  // A registration wall standing at or before the end of the anonymous meter is where an anonymous reader stops.
  const isRegistrationWall = registrationWall !== null && registrationWall <= settings.meterLimits.anonymous;
  const limit = isRegistrationWall ? registrationWall : settings.meterLimits[meterKind];
  const used = current.articleIds.length;

  if (hasRead(current, article.id)) {
    const remaining = Math.max(0, limit - used);
    return { access: 'full', meter: current, countsRead: false, notice: remaining > 0 ? { kind: 'meter-remaining', remaining } : null };
  }
  if (used >= limit) {
    const wall: Wall = isRegistrationWall ? { kind: 'registration-required' } : { kind: 'meter-exhausted', reader: meterKind };
    return { access: 'preview', meter: current, wall: lapsedWall(reader) ?? wall };
  }
  const remaining = limit - used - 1;
  return {
    access: 'full',
    meter: withRead(current, article.id),
    countsRead: true,
    notice: remaining === 0 ? { kind: 'meter-last' } : { kind: 'meter-remaining', remaining },
  };
}
